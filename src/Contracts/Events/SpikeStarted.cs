using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>GridEvents entered an AEMO spike for a site and asked TariffSync for the spike tariff (for the dashboard and Home Assistant).</summary>
public sealed record SpikeStarted : IntegrationEvent
{
    /// <summary>The price that started it, $/MWh ex GST (the simulated one in test mode).</summary>
    public required decimal PricePerMwh { get; init; }

    public required decimal ThresholdPerMwh { get; init; }

    /// <summary>End of the dispatch interval of that price, UTC.</summary>
    public required DateTimeOffset IntervalEnd { get; init; }

    /// <summary>When the spike tariff ends unless a newer price extends it.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>TariffSync acknowledged the spike override (false: it is retried every minute).</summary>
    public required bool Applied { get; init; }

    public required bool TestMode { get; init; }
}
