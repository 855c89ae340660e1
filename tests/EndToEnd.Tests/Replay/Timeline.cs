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

    /// <summary>Same number of runs, each edge within <paramref name="tolerance"/> of the expected one.</summary>
    public static void AssertMatch(IReadOnlyList<Run> expected, IReadOnlyList<Run> observed, TimeSpan tolerance, string what)
    {
        var message = $"{what}: expected [{string.Join(", ", expected)}], the Powerwall had [{string.Join(", ", observed)}]";
        Assert.True(expected.Count == observed.Count, message);
        foreach (var (want, got) in expected.Zip(observed))
        {
            Assert.True((got.Start - want.Start).Duration() <= tolerance && (got.End - want.End).Duration() <= tolerance, message);
        }
    }
}
