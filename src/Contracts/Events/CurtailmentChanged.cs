using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>GridEvents curtailed a site's exports (negative feed-in earnings) or restored them.</summary>
public sealed record CurtailmentChanged : IntegrationEvent
{
    public required bool Curtailed { get; init; }

    /// <summary>The feed-in earnings that decided it, c/kWh; null when the change had another cause (turned off).</summary>
    public decimal? EarningsCents { get; init; }

    public required string Reason { get; init; }

    /// <summary>TariffSync acknowledged the change (false: it is retried every minute).</summary>
    public required bool Applied { get; init; }
}
