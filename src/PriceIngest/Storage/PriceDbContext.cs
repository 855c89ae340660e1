using Microsoft.EntityFrameworkCore;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>PriceIngest's own database: every price set as it was received.</summary>
public sealed class PriceDbContext(DbContextOptions<PriceDbContext> options) : DbContext(options)
{
    public DbSet<PriceSnapshotRow> Snapshots => Set<PriceSnapshotRow>();

    public DbSet<PriceIntervalRow> Intervals => Set<PriceIntervalRow>();

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
    }

}
