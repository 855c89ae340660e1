using TeslaSync.Domain.Energy;

namespace TeslaSync.Telemetry.Storage;

/// <summary>One live-status sample as read (W, %; Tesla's signs), with the mode, reserve, export rule and firmware last read from site_info.</summary>
public sealed class LiveSampleRow
{
    public required string SiteId { get; set; }

    public DateTimeOffset SampledAt { get; set; }

    public double SolarW { get; set; }

    public double BatteryW { get; set; }

    public double GridW { get; set; }

    public double LoadW { get; set; }

    public double StateOfChargePercent { get; set; }

    public required string GridStatus { get; set; }

    public string? OperationMode { get; set; }

    public double? BackupReservePercent { get; set; }

    public string? ExportRule { get; set; }

    public string? FirmwareVersion { get; set; }

    public PowerSample ToPowerSample() => new(SampledAt, SolarW, BatteryW, GridW, LoadW);
}

/// <summary>
/// The energy of one 5- or 30-minute interval (<see cref="EnergyInterval"/>), Wh per flow, and how many
/// milliseconds of it samples covered. A 5-minute row grows as samples arrive; 30-minute rows are rolled up from them.
/// </summary>
public sealed class EnergyIntervalRow
{
    public const string Table = "energy_intervals";
    public const int FiveMinutes = 5;
    public const int HalfHour = 30;

    public required string SiteId { get; set; }

    public int LengthMinutes { get; set; }

    public DateTimeOffset Start { get; set; }

    public double SolarWh { get; set; }

    public double HomeWh { get; set; }

    public double GridImportWh { get; set; }

    public double GridExportWh { get; set; }

    public double BatteryChargeWh { get; set; }

    public double BatteryDischargeWh { get; set; }

    public long CoveredMilliseconds { get; set; }

    public void Add(EnergyInterval energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        SolarWh += energy.Solar;
        HomeWh += energy.Home;
        GridImportWh += energy.GridImport;
        GridExportWh += energy.GridExport;
        BatteryChargeWh += energy.BatteryCharge;
        BatteryDischargeWh += energy.BatteryDischarge;
        CoveredMilliseconds += (long)Math.Round(energy.Covered.TotalMilliseconds);
    }

    public void Set(EnergyInterval energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        SolarWh = HomeWh = GridImportWh = GridExportWh = BatteryChargeWh = BatteryDischargeWh = 0;
        CoveredMilliseconds = 0;
        Add(energy);
    }

    public EnergyInterval ToInterval() => new(
        Start, Start.AddMinutes(LengthMinutes), SolarWh, HomeWh, GridImportWh, GridExportWh, BatteryChargeWh, BatteryDischargeWh,
        TimeSpan.FromMilliseconds(CoveredMilliseconds));
}

/// <summary>How far a site's 5-minute rows have been rolled up into 30-minute rows: every half-hour before <see cref="RolledUntil"/>.</summary>
public sealed class RollupStateRow
{
    public required string SiteId { get; set; }

    public DateTimeOffset RolledUntil { get; set; }
}

/// <summary>Tesla's own totals of one local day (<c>calendar_history</c>, kind=energy, period=day), or why they could not be had.</summary>
public sealed class TeslaDailyTotalsRow
{
    public const string Available = "available";
    public const string Unavailable = "unavailable";

    public required string SiteId { get; set; }

    public DateOnly LocalDate { get; set; }

    public required string TimeZone { get; set; }

    /// <summary><see cref="Available"/> or <see cref="Unavailable"/>.</summary>
    public required string Status { get; set; }

    public string? Reason { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset LastAttemptAt { get; set; }

    public double SolarWh { get; set; }

    public double HomeWh { get; set; }

    public double GridImportWh { get; set; }

    public double GridExportWh { get; set; }

    public double BatteryChargeWh { get; set; }

    public double BatteryDischargeWh { get; set; }

    public EnergyFlows Flows => new(SolarWh, HomeWh, GridImportWh, GridExportWh, BatteryChargeWh, BatteryDischargeWh);
}
