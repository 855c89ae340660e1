using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>
/// Telemetry read a site's live status (every 30 s, or as often as the API budget allows), for the
/// dashboard and Home Assistant. Powers in W with Tesla's signs: battery &gt; 0 discharging, grid &gt; 0
/// importing; load = solar + battery + grid. <see cref="IntegrationEvent.OccurredAt"/> is the sample's time.
/// </summary>
public sealed record LiveStatusSampled : IntegrationEvent
{
    public required double SolarPowerW { get; init; }

    public required double BatteryPowerW { get; init; }

    public required double GridPowerW { get; init; }

    public required double LoadPowerW { get; init; }

    public required double StateOfChargePercent { get; init; }

    /// <summary><c>Active</c> when grid-connected, <c>Inactive</c> when islanded, <c>Unknown</c> when not reported.</summary>
    public required string GridStatus { get; init; }

    /// <summary>Tesla's <c>default_real_mode</c> (<c>self_consumption</c>, <c>autonomous</c>, <c>backup</c>) as last read from site_info; null until read.</summary>
    public string? OperationMode { get; init; }

    /// <summary>The backup reserve (%) as last read from site_info; null until read.</summary>
    public double? BackupReservePercent { get; init; }
}
