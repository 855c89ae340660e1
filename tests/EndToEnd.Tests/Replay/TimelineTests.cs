namespace TeslaSync.EndToEnd.Tests.Replay;

/// <summary>The edge comparison the replay tests rely on, on made-up runs: what it accepts and what it must not.</summary>
public sealed class TimelineTests
{
    private static readonly DateTimeOffset Boundary = new(2026, 1, 10, 4, 35, 0, TimeSpan.FromHours(10));

    private static readonly IReadOnlyList<Run> Expected = [new(Boundary, Boundary.AddMinutes(30))];

    [Fact]
    public void AssertMatch_EdgeWithinOneIntervalOfItsBoundary_Passes()
    {
        Timeline.AssertMatch(Expected, [new(Boundary.AddMinutes(4), Boundary.AddMinutes(31))], Timeline.Interval, "curtailment");
    }

    [Fact]
    public void AssertMatch_EdgeLateBecauseItsPriceWasLate_PassesWithinOneIntervalOfThePrice()
    {
        // The price for 04:35 reached the bus at 04:38: an edge at 04:42 is 7 min after the boundary but 4 after the price.
        Timeline.AssertMatch(Expected, [new(Boundary.AddMinutes(7), Boundary.AddMinutes(31))], Timeline.Interval, "curtailment",
            edge => edge == Boundary ? Boundary.AddMinutes(3) : edge);
    }

    [Fact]
    public void AssertMatch_EdgeMoreThanOneIntervalAfterItsPrice_FailsNamingTheEdgeAndTimes()
    {
        var failure = Assert.ThrowsAny<Exception>(() => Timeline.AssertMatch(Expected, [new(Boundary.AddMinutes(9), Boundary.AddMinutes(31))],
            Timeline.Interval, "curtailment", edge => edge == Boundary ? Boundary.AddMinutes(3) : edge));

        Assert.Contains("curtailment run 1 of 1 (expected 04:35–05:05): its start was at 04:44:00, expected 04:35:00 (+9.0 min)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("its price reached the system at 04:38:00; allowed 04:30:00 to 04:43:00", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertMatch_EdgeMoreThanOneIntervalBeforeItsBoundary_FailsWhenThePriceWasLate()
    {
        var failure = Assert.ThrowsAny<Exception>(() => Timeline.AssertMatch(Expected, [new(Boundary, Boundary.AddMinutes(24))],
            Timeline.Interval, "curtailment", edge => edge.AddMinutes(3)));

        Assert.Contains("its end was at 04:59:00, expected 05:05:00 (-6.0 min)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertMatch_MissingRun_FailsWithBothTimelines()
    {
        var failure = Assert.ThrowsAny<Exception>(() => Timeline.AssertMatch(Expected, [], Timeline.Interval, "spike tariff"));

        Assert.Contains("spike tariff: expected [04:35–05:05], the Powerwall had []: 1 run(s) expected, 0 observed", failure.Message, StringComparison.Ordinal);
    }
}
