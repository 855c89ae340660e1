using Microsoft.EntityFrameworkCore;
using TeslaSync.ServiceDefaults;
using Microsoft.EntityFrameworkCore.Design;

namespace TeslaSync.TariffSync.Storage;

/// <summary>TariffSync's own database: the sync log and the tariff each Powerwall was last sent.</summary>
public sealed class TariffDbContext(DbContextOptions<TariffDbContext> options) : DbContext(options)
{
    public DbSet<SyncOutcomeRow> SyncOutcomes => Set<SyncOutcomeRow>();

    public DbSet<UploadedTariffRow> UploadedTariffs => Set<UploadedTariffRow>();

    public DbSet<TariffProfileRow> Profiles => Set<TariffProfileRow>();

    public DbSet<SiteSettingsRow> SiteSettings => Set<SiteSettingsRow>();

    public DbSet<ApiUsageRow> ApiUsage => Set<ApiUsageRow>();

    public DbSet<SecretRow> Secrets => Set<SecretRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
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
            outcome.Property(o => o.Action).HasMaxLength(32).HasDefaultValue("price-sync");
            outcome.HasIndex(o => new { o.SiteId, o.At });
        });

        modelBuilder.Entity<TariffProfileRow>(profile =>
        {
            profile.ToTable("tariff_profiles");
            profile.HasKey(p => p.Id);
            profile.Property(p => p.SiteId).HasMaxLength(64);
            profile.Property(p => p.Name).HasMaxLength(100);
            profile.Property(p => p.Source).HasMaxLength(16);
            profile.HasIndex(p => new { p.SiteId, p.Name }).IsUnique();
        });

        modelBuilder.Entity<SiteSettingsRow>(settings =>
        {
            settings.ToTable("site_settings");
            settings.HasKey(s => s.SiteId);
            settings.Property(s => s.SiteId).HasMaxLength(64);
            settings.Property(s => s.TimeZone).HasMaxLength(64);
        });

        modelBuilder.Entity<ApiUsageRow>(usage =>
        {
            usage.ToTable("api_usage");
            usage.HasKey(u => new { u.SiteId, u.Day });
            usage.Property(u => u.SiteId).HasMaxLength(64);
        });

        modelBuilder.Entity<SecretRow>(secret =>
        {
            secret.ToTable("secrets");
            secret.HasKey(s => s.Key);
            secret.Property(s => s.Key).HasMaxLength(64);
        });

        modelBuilder.Entity<UploadedTariffRow>(uploaded =>
        {
            uploaded.ToTable("uploaded_tariffs");
            uploaded.HasKey(u => u.SiteId);
            uploaded.Property(u => u.SiteId).HasMaxLength(64);
        });
    }

}

/// <summary>One sync attempt: what was decided and why.</summary>
public sealed class SyncOutcomeRow
{
    public long Id { get; set; }

    public required string SiteId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public required string Status { get; set; }

    /// <summary><c>price-sync</c> or <c>profile-restore</c>.</summary>
    public string Action { get; set; } = "price-sync";

    public string? Reason { get; set; }

    public bool ReadBackMatched { get; set; }
}

/// <summary>A tariff saved by name, to put back on the Powerwall later.</summary>
public sealed class TariffProfileRow
{
    public long Id { get; set; }

    public required string SiteId { get; set; }

    public required string Name { get; set; }

    /// <summary><c>powerwall</c> (read from the Powerwall) or <c>custom</c> (built from a custom TOU schedule).</summary>
    public required string Source { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsDefault { get; set; }

    /// <summary>The <c>tariff_content_v2</c> JSON.</summary>
    public required string Document { get; set; }
}

/// <summary>Tesla API calls of one site on one UTC day (Tesla bills by calendar month).</summary>
public sealed class ApiUsageRow
{
    public required string SiteId { get; set; }

    public DateOnly Day { get; set; }

    public long DataReads { get; set; }

    public long Commands { get; set; }
}

/// <summary>A secret (the Tesla tokens), encrypted with Data Protection; never stored or logged in clear.</summary>
public sealed class SecretRow
{
    public required string Key { get; set; }

    public required string Protected { get; set; }
}

/// <summary>A site's sync settings the user can change at run time.</summary>
public sealed class SiteSettingsRow
{
    public required string SiteId { get; set; }

    /// <summary>Whether new Amber prices are turned into tariff uploads automatically.</summary>
    public bool AutoSync { get; set; } = true;

    /// <summary>The IANA zone the user chose on the settings page over the Powerwall's own; null means the Powerwall's.</summary>
    public string? TimeZone { get; set; }
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
