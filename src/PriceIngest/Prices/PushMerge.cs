using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>
/// Joins a WebSocket push (each channel's current interval, no forecasts) with the latest REST set, so what is
/// published still covers now + 24 h.
/// </summary>
internal static class PushMerge
{
    /// <summary>
    /// The pushed intervals win for their channel and start; REST intervals that ended before the pushed interval began
    /// are dropped as past. A REST interval that only overlaps a pushed one (a 30-minute current around a 5-minute push on a
    /// 5-minute billing site) is kept: it is the best word on the rest of that half hour.
    /// </summary>
    /// <remarks>
    /// With a fresh REST set for the same interval (the normal case) the result equals what a REST poll would have returned,
    /// so the content hash matches too and the two paths can never publish the same prices twice.
    /// </remarks>
    public static IReadOnlyList<PriceInterval> Merge(IReadOnlyList<PriceInterval> pushed, IReadOnlyList<PriceInterval> rest)
    {
        if (pushed.Count == 0)
        {
            return rest;
        }

        var replaced = pushed.Select(i => (i.Channel, i.Start)).ToHashSet();
        var from = pushed.Min(i => i.Start);
        return pushed
            .Concat(rest.Where(i => i.End > from && !replaced.Contains((i.Channel, i.Start))))
            .OrderBy(i => i.Channel)
            .ThenBy(i => i.Start)
            .ToList();
    }
}
