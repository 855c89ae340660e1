using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.Telemetry.Storage;

/// <summary>
/// Telemetry's own database "telemetry": every live-status sample (kept 7 days), the energy they
/// integrate to in 5-minute and 30-minute intervals (kept longer), how far the 30-minute roll-up has
/// got, and Tesla's own daily totals for reconciliation. Column names are spelled out because the
/// history queries aggregate in SQL.
/// </summary>
public sealed class TelemetryDbContext(DbContextOptions<TelemetryDbContext> options) : DbContext(options)
{
    public DbSet<LiveSampleRow> Samples => Set<LiveSampleRow>();

    public DbSet<EnergyIntervalRow> Intervals => Set<EnergyIntervalRow>();

    public DbSet<RollupStateRow> RollupStates => Set<RollupStateRow>();

    public DbSet<TeslaDailyTotalsRow> TeslaDailyTotals => Set<TeslaDailyTotalsRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.StoreTimesAsUnixMilliseconds();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<LiveSampleRow>(row =>
        {
            row.ToTable("live_samples");
            row.HasKey(s => new { s.SiteId, s.SampledAt });
            row.Property(s => s.SiteId).HasMaxLength(64);
            row.Property(s => s.GridStatus).HasMaxLength(16);
            row.Property(s => s.OperationMode).HasMaxLength(32);
            row.Property(s => s.ExportRule).HasMaxLength(16);
            row.Property(s => s.FirmwareVersion).HasMaxLength(64);
        });

        modelBuilder.Entity<EnergyIntervalRow>(row =>
        {
            row.ToTable(EnergyIntervalRow.Table);
            // The key is also the index every history and summary query ranges over: site, length, start.
            row.HasKey(i => new { i.SiteId, i.LengthMinutes, i.Start });
            row.Property(i => i.SiteId).HasColumnName("site_id").HasMaxLength(64);
            row.Property(i => i.LengthMinutes).HasColumnName("length_minutes");
            row.Property(i => i.Start).HasColumnName("start");
            row.Property(i => i.SolarWh).HasColumnName("solar_wh");
            row.Property(i => i.HomeWh).HasColumnName("home_wh");
            row.Property(i => i.GridImportWh).HasColumnName("grid_import_wh");
            row.Property(i => i.GridExportWh).HasColumnName("grid_export_wh");
            row.Property(i => i.BatteryChargeWh).HasColumnName("battery_charge_wh");
            row.Property(i => i.BatteryDischargeWh).HasColumnName("battery_discharge_wh");
            row.Property(i => i.CoveredMilliseconds).HasColumnName("covered_ms");
        });

        modelBuilder.Entity<RollupStateRow>(row =>
        {
            row.ToTable("rollup_states");
            row.HasKey(s => s.SiteId);
            row.Property(s => s.SiteId).HasMaxLength(64);
        });

        modelBuilder.Entity<TeslaDailyTotalsRow>(row =>
        {
            row.ToTable("tesla_daily_totals");
            row.HasKey(t => new { t.SiteId, t.LocalDate });
            row.Property(t => t.SiteId).HasMaxLength(64);
            row.Property(t => t.TimeZone).HasMaxLength(64);
            row.Property(t => t.Status).HasMaxLength(16);
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeTelemetryDbContextFactory : IDesignTimeDbContextFactory<TelemetryDbContext>
{
    public TelemetryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TelemetryDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
