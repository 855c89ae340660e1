using Microsoft.EntityFrameworkCore;
using TeslaSync.ServiceDefaults;
using Microsoft.EntityFrameworkCore.Design;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// The overrides in force and the baselines they took, per site (database "overrides"). Kept
/// apart from the price sync's database so the two can change independently; it is what lets a
/// restarted TariffSync finish what it started (a pending restore, an expiry).
/// </summary>
public sealed class OverrideDbContext(DbContextOptions<OverrideDbContext> options) : DbContext(options)
{
    public DbSet<OverrideRow> Overrides => Set<OverrideRow>();

    public DbSet<OverrideSettingRow> Settings => Set<OverrideSettingRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OverrideRow>(row =>
        {
            row.ToTable("overrides");
            row.HasKey(o => new { o.SiteId, o.Name });
            row.Property(o => o.SiteId).HasMaxLength(64);
            row.Property(o => o.Name).HasMaxLength(ActiveOverride.MaxNameLength);
        });

        modelBuilder.Entity<OverrideSettingRow>(row =>
        {
            row.ToTable("override_settings");
            row.HasKey(s => new { s.SiteId, s.Setting });
            row.Property(s => s.SiteId).HasMaxLength(64);
            row.Property(s => s.Setting).HasMaxLength(32);
            row.Property(s => s.BaselineSource).HasMaxLength(32);
            row.Property(s => s.AppliedBy).HasMaxLength(ActiveOverride.MaxNameLength);
        });
    }

}

/// <summary>An override in force.</summary>
public sealed class OverrideRow
{
    public required string SiteId { get; set; }

    public required string Name { get; set; }

    /// <summary>The payload as JSON, with its <c>type</c>.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset? Until { get; set; }

    public DateTimeOffset Since { get; set; }

    public DateTimeOffset AppliedAt { get; set; }
}

/// <summary>A setting taken over: its baseline and what we last wrote.</summary>
public sealed class OverrideSettingRow
{
    public required string SiteId { get; set; }

    /// <summary>The <see cref="ControlledSetting"/> name.</summary>
    public required string Setting { get; set; }

    /// <summary>The value to restore (tariff JSON, or a Tesla wire word).</summary>
    public required string Baseline { get; set; }

    public required string BaselineSource { get; set; }

    public DateTimeOffset CapturedAt { get; set; }

    public string? Applied { get; set; }

    public string? AppliedBy { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeOverrideDbContextFactory : IDesignTimeDbContextFactory<OverrideDbContext>
{
    public OverrideDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OverrideDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
