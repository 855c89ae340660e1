using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TeslaSync.TariffSync.Storage;

/// <summary>TariffSync's own database: the sync log and the tariff each Powerwall was last sent.</summary>
public sealed class TariffDbContext(DbContextOptions<TariffDbContext> options) : DbContext(options)
{
    public DbSet<SyncOutcomeRow> SyncOutcomes => Set<SyncOutcomeRow>();

    public DbSet<UploadedTariffRow> UploadedTariffs => Set<UploadedTariffRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or sort DateTimeOffset text; UTC milliseconds sort correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<SyncOutcomeRow>(outcome =>
        {
            outcome.ToTable("sync_outcomes");
            outcome.HasKey(o => o.Id);
            outcome.Property(o => o.SiteId).HasMaxLength(64);
            outcome.Property(o => o.Status).HasMaxLength(16);
            outcome.HasIndex(o => new { o.SiteId, o.At });
        });

        modelBuilder.Entity<UploadedTariffRow>(uploaded =>
        {
            uploaded.ToTable("uploaded_tariffs");
            uploaded.HasKey(u => u.SiteId);
            uploaded.Property(u => u.SiteId).HasMaxLength(64);
        });
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
}

/// <summary>One sync attempt: what was decided and why.</summary>
public sealed class SyncOutcomeRow
{
    public long Id { get; set; }

    public required string SiteId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public required string Status { get; set; }

    public string? Reason { get; set; }

    public bool ReadBackMatched { get; set; }
}

/// <summary>The tariff document last uploaded to a site's Powerwall.</summary>
public sealed class UploadedTariffRow
{
    public required string SiteId { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    public required string TimeZoneId { get; set; }

    /// <summary>The <c>tariff_content_v2</c> JSON exactly as sent.</summary>
    public required string Document { get; set; }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeTariffDbContextFactory : IDesignTimeDbContextFactory<TariffDbContext>
{
    public TariffDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TariffDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
