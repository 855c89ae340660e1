using TeslaSync.Domain.Prices;
using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>
/// PriceIngest received a new set of Amber prices for a site: the actual, current and forecast
/// intervals of every channel, as received (in $/kWh, UTC).
/// </summary>
public sealed record PricesUpdated : IntegrationEvent
{
    /// <summary>When PriceIngest received the prices from Amber.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Identifies the content; the same prices always give the same value.</summary>
    public required string ContentHash { get; init; }

    public required IReadOnlyList<PriceInterval> Intervals { get; init; }
}
