namespace TeslaSync.Domain.Energy;

/// <summary>A stretch of time over which a zone's UTC offset does not change.</summary>
public readonly record struct OffsetSpan(DateTimeOffset Start, DateTimeOffset End, TimeSpan Offset);

/// <summary>
/// A site's calendar in its IANA zone: where local days begin, which local date an instant falls on,
/// and where the offset changes. A day is from one local midnight to the next, so it is 23 or 25 hours
/// long on a daylight-saving day; nothing here adds 24 hours to find a day.
/// </summary>
public static class SiteCalendar
{
    /// <summary>
    /// The instant a local date begins: its midnight, or where a zone skips midnight (a transition at
    /// 00:00) the first instant that exists; where midnight happens twice, the first.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone) => AtLocal(date.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The local date an instant falls on.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>The instant a wall-clock time happens (a skipped time: the first that exists after it; a repeated one: its first occurrence).</summary>
    public static DateTimeOffset AtLocal(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var skipped = 0; zone.IsInvalidTime(local) && skipped < 24 * 60; skipped++)
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// [<paramref name="from"/>, <paramref name="to"/>) cut where the zone's offset changes, each piece with its offset,
    /// so that local buckets can be counted with plain arithmetic inside each piece.
    /// </summary>
    public static IReadOnlyList<OffsetSpan> OffsetSpans(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var spans = new List<OffsetSpan>();
        var start = from;
        var offset = zone.GetUtcOffset(start);
        var probe = start;
        while (probe < to)
        {
            var next = probe.AddHours(6) < to ? probe.AddHours(6) : to;
            var checkpoint = next < to ? next : to.AddTicks(-1);
            var nextOffset = zone.GetUtcOffset(checkpoint);
            if (nextOffset != offset)
            {
                var change = FirstWithOffset(probe, checkpoint, nextOffset, zone);
                spans.Add(new OffsetSpan(start, change, offset));
                start = change;
                offset = nextOffset;
            }

            probe = next;
        }

        if (start < to)
        {
            spans.Add(new OffsetSpan(start, to, offset));
        }

        return spans;
    }

    /// <summary>The first tick in (<paramref name="before"/>, <paramref name="after"/>] at which the zone has <paramref name="offset"/>.</summary>
    private static DateTimeOffset FirstWithOffset(DateTimeOffset before, DateTimeOffset after, TimeSpan offset, TimeZoneInfo zone)
    {
        var low = before.UtcTicks;
        var high = after.UtcTicks;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == offset)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }
}
