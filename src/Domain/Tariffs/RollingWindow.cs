namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// The 48 local half-hours a tariff describes: the one containing "now" and the 47 after it on
/// the wall clock. Walking the wall clock (not elapsed time) keeps each slot exactly once on
/// DST days: the hour skipped in spring has no prices and is filled from a neighbour, and the
/// hour repeated in autumn averages both of its occurrences.
/// </summary>
public sealed class RollingWindow
{
    private readonly LocalHalfHour[] _positions;
    private readonly Dictionary<LocalHalfHour, int> _positionByHalfHour;

    private RollingWindow(LocalHalfHour first)
    {
        _positions = new LocalHalfHour[HalfHourSlot.PerDay];
        var current = first;
        for (var position = 0; position < _positions.Length; position++)
        {
            _positions[position] = current;
            current = current.Next();
        }

        _positionByHalfHour = _positions.Select((halfHour, position) => (halfHour, position))
            .ToDictionary(entry => entry.halfHour, entry => entry.position);
    }

    public LocalHalfHour this[int position] => _positions[position];

    public static RollingWindow Starting(DateTimeOffset now, TimeZoneInfo timeZone) =>
        new(LocalHalfHour.Of(now, timeZone));

    /// <summary>The position (0 = the current half-hour) of a local half-hour, or null outside the window.</summary>
    public int? PositionOf(LocalHalfHour halfHour) =>
        _positionByHalfHour.TryGetValue(halfHour, out var position) ? position : null;
}
