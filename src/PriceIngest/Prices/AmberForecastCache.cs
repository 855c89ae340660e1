using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>A full REST price set (current + forecasts) and when it was fetched.</summary>
internal sealed record ForecastSet(IReadOnlyList<PriceInterval> Intervals, DateTimeOffset FetchedAt);

/// <summary>
/// The most recent REST price set. WebSocket pushes carry only current prices; this supplies the forecast that goes with
/// them when a fresh one was already fetched in this interval or cannot be fetched now.
/// </summary>
internal sealed class AmberForecastCache
{
    private ForecastSet? _latest;

    public ForecastSet? Latest => Volatile.Read(ref _latest);

    public void Remember(IReadOnlyList<PriceInterval> intervals, DateTimeOffset fetchedAt) =>
        Volatile.Write(ref _latest, new ForecastSet(intervals, fetchedAt));
}
