using TeslaSync.Simulator.Market;
using TeslaSync.TestSupport;

namespace TeslaSync.EndToEnd.Tests.Replay;

/// <summary>
/// Real days from <c>../shared/data/aemo</c> (South Australia, 5-minute AEMO prices; test data,
/// never copied into the repository) replayed through the real processes at 300 times real speed:
/// the Powerwall must hold the spike tariff exactly while prices spike, be curtailed exactly while
/// feed-in is negative, and end the day as the user had it.
/// </summary>
/// <remarks>
/// One class per day, so the two days (about six minutes each) run side by side instead of one
/// after the other, which leaves room for each to start a minute early and warm up.
/// </remarks>
public abstract class ReplayDayTests
{
    private const double Speed = 300;
    private const decimal SpikeThreshold = 300m;
    private const decimal SpikeDeadband = 20m;
    private const string Region = "SA1";
    private const string SpikeTariffCode = "TESLASYNC:OVERRIDE:SPIKE";

    /// <summary>Spike at the threshold, leave below threshold − deadband at once; curtail exactly while earnings are below zero.</summary>
    internal static readonly IReadOnlyDictionary<string, string> GridEventsSettings = new Dictionary<string, string>
    {
        ["GridEvents:Spike:ThresholdPerMwh"] = SpikeThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GridEvents:Spike:DeadbandPerMwh"] = SpikeDeadband.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GridEvents:Spike:MinimumDwell"] = "00:00:00",
        ["GridEvents:Curtailment:Enabled"] = "true",
        ["GridEvents:Curtailment:CurtailBelowCents"] = "0",
        ["GridEvents:Curtailment:RestoreAtCents"] = "0",
    };

    /// <summary>
    /// The processes start a minute of wall time before midnight (five simulated hours of the
    /// simulator's own prices at 300x): on a busy machine starting takes tens of seconds, and the
    /// first decision of each kind in a fresh process seconds more, each second an interval here.
    /// </summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(60);

    /// <summary>The stored day to replay, yyyy-MM-dd.</summary>
    protected abstract string Date { get; }

    [Fact]
    public async Task ReplayDay_RealPrices_SpikeTariffAndCurtailmentFollowThePricesAndTheDayEndsAsItBegan()
    {
        var file = SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", $"{Date}.json");
        var day = ReplayDay.Load(file);
        // Amber's push 90 simulated seconds after each boundary instead of 2: PriceIngest connects at
        // the boundary, and a subscription that arrives after the push time waits for the next
        // interval's. 2 s is under 7 ms of wall time at 300 times real speed, less than connecting
        // takes on a busy machine; 90 s gives it 0.3 s. The edges are judged against when each price
        // reached the bus, so the later push does not widen what the test accepts.
        await using var system = await ReplaySystem.StartAsync(file, day.Start, Speed, GridEventsSettings, Lead, amberPushDelaySeconds: 90);
        // Before midnight, so the day's first spike and first curtailment are not cold starts.
        var warmedUp = await system.WarmUpOverridesAsync();
        // Compared from two intervals into the day, or two intervals after the system is ready
        // (GridEvents reconciled, first prices published, overrides warmed up) if that is later: the
        // next price takes up to an interval to arrive, so what was already going on then (from the
        // day before, or while starting) is judged only from there on, and the warm-up's own
        // settings changes never are.
        var from = Max(day.Start, Max(system.ReadyAt, warmedUp)) + (2 * Timeline.Interval);
        var before = (await system.PowerwallHistoryAsync()).LastOrDefault();

        // The whole day, and half an hour of the next for the last restore to land.
        var end = day.End.AddMinutes(30);
        await system.RunUntilAsync(end);
        var history = await system.PowerwallHistoryAsync();

        var intervals = Enumerable.Range(0, ReplayDay.IntervalsPerDay)
            .Select(i => day.Start + (i * Timeline.Interval))
            .Select(start => (start, day.RrpAt(Region, start)!.Value))
            .ToList();
        // One interval, counted from the boundary or from when that interval's price reached the bus,
        // whichever is later (see Timeline.AssertMatch): GridEvents and TariffSync still have to act
        // within one interval of having the price, and never more than one interval early.
        var tolerance = Timeline.Interval;
        try
        {
            var expectedSpikes = Timeline.Expected(intervals,
                enter: price => (decimal)price >= SpikeThreshold,
                leave: price => (decimal)price < SpikeThreshold - SpikeDeadband).From(from);
            var spikes = Timeline.Observed(history, s => s.TariffCode == SpikeTariffCode, end).From(from);
            Timeline.AssertMatch(expectedSpikes, spikes, tolerance, "spike tariff", system.AemoPriceSeenAt);

            // Feed-in earnings are the RRP × 1.1 / 10 × 1.01 c/kWh the simulated Amber derives: below zero exactly when the RRP is.
            var expectedCurtailment = Timeline.Expected(intervals, enter: price => price < 0, leave: price => price >= 0).From(from);
            var curtailed = Timeline.Observed(history, s => s.ExportRule == "never", end).From(from);
            Timeline.AssertMatch(expectedCurtailment, curtailed, tolerance, "curtailment", system.FeedInPriceSeenAt);

            // The day ends on the user's own settings: no override tariff, their mode and export rule.
            var last = history[^1];
            Assert.False(last.TariffCode?.StartsWith("TESLASYNC:OVERRIDE:", StringComparison.Ordinal) ?? false, $"ended on {last.TariffCode}");
            Assert.Equal("self_consumption", last.Mode);
            Assert.Equal("battery_ok", last.ExportRule);
            Assert.True(last.GridChargingAllowed);
            Assert.Equal(before?.BackupReservePercent ?? 20, last.BackupReservePercent);
            Assert.NotEmpty(expectedSpikes.Concat(expectedCurtailment));
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", history));
            TestContext.Current.TestOutputHelper?.WriteLine(system.Logs);
            throw;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>SA1's $20,300/MWh evening, after a morning of negative prices.</summary>
public sealed class SpikeEveningReplayTests : ReplayDayTests
{
    protected override string Date => "2026-01-18";
}

/// <summary>212 of 288 intervals negative, in and out of them twelve times.</summary>
public sealed class NegativePricesReplayTests : ReplayDayTests
{
    protected override string Date => "2026-01-10";
}
