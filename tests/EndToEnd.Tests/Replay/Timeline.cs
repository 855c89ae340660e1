namespace TeslaSync.EndToEnd.Tests.Replay;

/// <summary>A stretch of simulated time during which something held: [Start, End).</summary>
internal readonly record struct Run(DateTimeOffset Start, DateTimeOffset End)
{
    public override string ToString() => $"{Start.ToOffset(TimeSpan.FromHours(10)):HH:mm}–{End.ToOffset(TimeSpan.FromHours(10)):HH:mm}";
}

/// <summary>Turns a day's prices, and the Powerwall's settings history, into runs to compare.</summary>
internal static class Timeline
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The runs a hysteresis rule gives over the day's intervals (written out here, not taken from
    /// the production state machines): on when <paramref name="enter"/> holds for an interval's
    /// price, off at the first interval where <paramref name="leave"/> holds.
    /// </summary>
    public static IReadOnlyList<Run> Expected(IReadOnlyList<(DateTimeOffset Start, double Price)> intervals, Func<double, bool> enter, Func<double, bool> leave)
    {
        var runs = new List<Run>();
        DateTimeOffset? since = null;
        foreach (var (start, price) in intervals)
        {
            if (since is null && enter(price))
            {
                since = start;
            }
            else if (since is { } on && leave(price))
            {
                runs.Add(new Run(on, start));
                since = null;
            }
        }

        if (since is { } open)
        {
            runs.Add(new Run(open, intervals[^1].Start + Interval));
        }

        return runs;
    }

    /// <summary>The runs during which the Powerwall's settings satisfied <paramref name="holds"/>, up to <paramref name="until"/>.</summary>
    public static IReadOnlyList<Run> Observed(IReadOnlyList<PowerwallSettings> history, Func<PowerwallSettings, bool> holds, DateTimeOffset until)
    {
        var runs = new List<Run>();
        DateTimeOffset? since = null;
        foreach (var change in history)
        {
            if (since is null && holds(change))
            {
                since = change.At;
            }
            else if (since is { } on && !holds(change))
            {
                runs.Add(new Run(on, change.At));
                since = null;
            }
        }

        if (since is { } open)
        {
            runs.Add(new Run(open, until));
        }

        return runs;
    }

    /// <summary>Only what happened from <paramref name="from"/> on: a run already going is cut to start there.</summary>
    public static IReadOnlyList<Run> From(this IReadOnlyList<Run> runs, DateTimeOffset from) =>
        runs.Where(r => r.End > from).Select(r => r.Start < from ? r with { Start = from } : r).ToList();

    /// <summary>
    /// Same number of runs, each edge within <paramref name="tolerance"/> of the expected one, or
    /// within <paramref name="tolerance"/> of the moment the price behind that edge reached the
    /// system (<paramref name="priceSeenAt"/>; simulated time). The second allowance is the
    /// measured lag of the price itself: at 300 times real speed an interval lasts one second of
    /// wall time, so a price published a second late on a busy machine moves the edge by an
    /// interval without anything being wrong. An edge is still never accepted more than one
    /// interval before its boundary, nor more than one interval after its price was there to act on.
    /// </summary>
    public static void AssertMatch(IReadOnlyList<Run> expected, IReadOnlyList<Run> observed, TimeSpan tolerance, string what,
        Func<DateTimeOffset, DateTimeOffset?>? priceSeenAt = null)
    {
        var overview = $"{what}: expected [{string.Join(", ", expected)}], the Powerwall had [{string.Join(", ", observed)}]";
        Assert.True(expected.Count == observed.Count, $"{overview}: {expected.Count} run(s) expected, {observed.Count} observed");
        var number = 0;
        foreach (var (want, got) in expected.Zip(observed))
        {
            number++;
            AssertEdge($"{what} run {number} of {expected.Count} (expected {want}): its start", want.Start, got.Start, tolerance, priceSeenAt, overview);
            AssertEdge($"{what} run {number} of {expected.Count} (expected {want}): its end", want.End, got.End, tolerance, priceSeenAt, overview);
        }
    }

    private static void AssertEdge(string edge, DateTimeOffset want, DateTimeOffset got, TimeSpan tolerance,
        Func<DateTimeOffset, DateTimeOffset?>? priceSeenAt, string overview)
    {
        var seen = priceSeenAt?.Invoke(want);
        var latest = (seen is { } s && s > want ? s : want) + tolerance;
        if (got >= want - tolerance && got <= latest)
        {
            return;
        }

        var price = seen is { } at ? $"its price reached the system at {Clock(at)}" : "no price for it reached the system";
        Assert.Fail($"{edge} was at {Clock(got)}, expected {Clock(want)} ({(got - want).TotalMinutes:+0.0;-0.0} min); {price}; " +
                    $"allowed {Clock(want - tolerance)} to {Clock(latest)}. {overview}");
    }

    private static string Clock(DateTimeOffset instant) => $"{instant.ToOffset(TimeSpan.FromHours(10)):HH:mm:ss}";
}
