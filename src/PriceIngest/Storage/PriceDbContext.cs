using Microsoft.EntityFrameworkCore;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>
/// PriceIngest's own database: every price set as it was received (forecast snapshots, for
/// backtests), the history of each interval's latest known price, the user's site choice and
/// settings, and the Amber token entered on the settings page (encrypted).
/// </summary>
public sealed class PriceDbContext(DbContextOptions<PriceDbContext> options) : DbContext(options)
{
    public DbSet<PriceSnapshotRow> Snapshots => Set<PriceSnapshotRow>();

    public DbSet<PriceIntervalRow> Intervals => Set<PriceIntervalRow>();

    public DbSet<PriceHistoryRow> History => Set<PriceHistoryRow>();

    public DbSet<SiteChoiceRow> SiteChoices => Set<SiteChoiceRow>();

    public DbSet<SiteSettingsRow> SiteSettings => Set<SiteSettingsRow>();

    public DbSet<SecretRow> Secrets => Set<SecretRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 6);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PriceSnapshotRow>(snapshot =>
        {
            snapshot.ToTable("price_snapshots");
            snapshot.HasKey(s => s.Id);
            snapshot.Property(s => s.SiteId).HasMaxLength(64);
            snapshot.Property(s => s.ContentHash).HasMaxLength(64);
            snapshot.HasIndex(s => new { s.SiteId, s.ReceivedAt });
            snapshot.HasMany(s => s.Intervals).WithOne().HasForeignKey(i => i.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PriceIntervalRow>(interval =>
        {
            interval.ToTable("price_intervals");
            interval.HasKey(i => i.Id);
            interval.Property(i => i.Descriptor).HasMaxLength(32);
            interval.Property(i => i.TariffPeriod).HasMaxLength(32);
            interval.HasIndex(i => new { i.SnapshotId, i.Channel, i.Start });
        });

        modelBuilder.Entity<PriceHistoryRow>(history =>
        {
            history.ToTable("price_history");
            history.HasKey(h => new { h.SiteId, h.Channel, h.Start, h.DurationMinutes });
            history.Property(h => h.SiteId).HasMaxLength(64);
            history.Property(h => h.Descriptor).HasMaxLength(32);
            history.HasIndex(h => new { h.SiteId, h.Start });
        });

        modelBuilder.Entity<SiteChoiceRow>(choice =>
        {
            choice.ToTable("site_choices");
            choice.HasKey(c => c.SiteId);
            choice.Property(c => c.SiteId).HasMaxLength(64);
            choice.Property(c => c.AmberSiteId).HasMaxLength(64);
        });

        modelBuilder.Entity<SiteSettingsRow>(settings =>
        {
            settings.ToTable("site_settings");
            settings.HasKey(s => s.SiteId);
            settings.Property(s => s.SiteId).HasMaxLength(64);
            settings.Property(s => s.AemoRegion).HasMaxLength(8);
        });

        modelBuilder.Entity<SecretRow>(secret =>
        {
            secret.ToTable("secrets");
            secret.HasKey(s => s.Key);
            secret.Property(s => s.Key).HasMaxLength(64);
        });
    }

}
