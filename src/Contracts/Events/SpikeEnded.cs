using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>GridEvents left an AEMO spike for a site and released the spike override.</summary>
public sealed record SpikeEnded : IntegrationEvent
{
    /// <summary>The last price considered, $/MWh; null when none was seen.</summary>
    public decimal? PricePerMwh { get; init; }

    public required string Reason { get; init; }

    /// <summary>True while TariffSync has not yet confirmed the baseline tariff and mode are back (GetStatus shows "restoring").</summary>
    public required bool Restoring { get; init; }
}
