using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Storage;

/// <summary>
/// GridEvents' own database "gridevents": the state of each state machine per site (spike,
/// curtailment, demand window), so a restart resumes them, the decision log, and the settings the
/// user changed (which take precedence over configuration).
/// </summary>
public sealed class GridEventsDbContext(DbContextOptions<GridEventsDbContext> options) : DbContext(options)
{
    public DbSet<SpikeStateRow> SpikeStates => Set<SpikeStateRow>();

    public DbSet<CurtailmentStateRow> CurtailmentStates => Set<CurtailmentStateRow>();

    public DbSet<DemandWindowStateRow> DemandWindowStates => Set<DemandWindowStateRow>();

    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();

    public DbSet<GridSettingRow> Settings => Set<GridSettingRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<SpikeStateRow>(row =>
        {
            row.ToTable("spike_states");
            row.HasKey(s => s.SiteId);
            row.Property(s => s.SiteId).HasMaxLength(64);
            row.Property(s => s.Phase).HasMaxLength(16);
        });

        modelBuilder.Entity<CurtailmentStateRow>(row =>
        {
            row.ToTable("curtailment_states");
            row.HasKey(s => s.SiteId);
            row.Property(s => s.SiteId).HasMaxLength(64);
        });

        modelBuilder.Entity<DemandWindowStateRow>(row =>
        {
            row.ToTable("demand_window_states");
            row.HasKey(s => s.SiteId);
            row.Property(s => s.SiteId).HasMaxLength(64);
        });

        modelBuilder.Entity<DecisionRow>(row =>
        {
            row.ToTable("decisions");
            row.HasKey(d => d.Id);
            row.Property(d => d.SiteId).HasMaxLength(64);
            row.Property(d => d.Machine).HasMaxLength(16);
            row.Property(d => d.Trigger).HasMaxLength(16);
            row.Property(d => d.Action).HasMaxLength(16);
            row.Property(d => d.StateBefore).HasMaxLength(16);
            row.Property(d => d.StateAfter).HasMaxLength(16);
            row.HasIndex(d => new { d.SiteId, d.Id });
        });

        modelBuilder.Entity<GridSettingRow>(row =>
        {
            row.ToTable("settings");
            row.HasKey(s => s.Key);
            row.Property(s => s.Key).HasMaxLength(64);
            row.Property(s => s.Value).HasMaxLength(256);
        });
    }
}

/// <summary>The row a state machine keeps per site, under its site's id.</summary>
internal interface ISiteStateRow
{
    string SiteId { get; }
}

/// <summary>A site's spike state machine (see <see cref="Spike.SpikeSnapshot"/>).</summary>
public sealed class SpikeStateRow : ISiteStateRow
{
    public required string SiteId { get; set; }

    public required string Phase { get; set; }

    public DateTimeOffset Since { get; set; }

    public decimal? PricePerMwh { get; set; }

    public DateTimeOffset? IntervalEnd { get; set; }

    public DateTimeOffset? BelowExitSince { get; set; }

    public DateTimeOffset? Until { get; set; }

    public bool Confirmed { get; set; }
}

/// <summary>A site's curtailment state machine (see <see cref="Curtailment.CurtailmentSnapshot"/>).</summary>
public sealed class CurtailmentStateRow : ISiteStateRow
{
    public required string SiteId { get; set; }

    public bool Curtailed { get; set; }

    public DateTimeOffset Since { get; set; }

    public decimal? EarningsCents { get; set; }

    public DateTimeOffset? IntervalEnd { get; set; }

    public DateTimeOffset? AssertedAt { get; set; }

    public bool Confirmed { get; set; }
}

/// <summary>A site's demand-window state machine (see <see cref="DemandWindow.DemandWindowSnapshot"/>).</summary>
public sealed class DemandWindowStateRow : ISiteStateRow
{
    public required string SiteId { get; set; }

    public bool InWindow { get; set; }

    public DateTimeOffset Since { get; set; }

    public bool Confirmed { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }
}

/// <summary>One logged decision, with its inputs and what TariffSync answered.</summary>
public sealed class DecisionRow
{
    public long Id { get; set; }

    public required string SiteId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Machine { get; set; }

    public required string Trigger { get; set; }

    public decimal? Input { get; set; }

    public decimal? Threshold { get; set; }

    public required string StateBefore { get; set; }

    public required string StateAfter { get; set; }

    public required string Reason { get; set; }

    public required string Action { get; set; }

    public required string Outcome { get; set; }

    public bool Succeeded { get; set; }
}

/// <summary>A threshold or switch the user changed (see <see cref="Settings.GridSettingsCatalog"/>), as canonical text.</summary>
public sealed class GridSettingRow
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeGridEventsDbContextFactory : IDesignTimeDbContextFactory<GridEventsDbContext>
{
    public GridEventsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GridEventsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
