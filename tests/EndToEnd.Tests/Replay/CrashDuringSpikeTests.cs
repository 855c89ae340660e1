using System.Text.Json.Nodes;
using TeslaSync.ServiceTesting;
using TeslaSync.Simulator.Market;
using TeslaSync.Simulator.Tesla;
using TeslaSync.TestSupport;

namespace TeslaSync.EndToEnd.Tests.Replay;

/// <summary>
/// SA1's 2026-01-18 spike evening at 60 times real speed, with GridEvents or TariffSync killed
/// (SIGKILL: no shutdown code runs) at the worst moments and started again on the same data. The
/// Powerwall must still follow the spike, end on the user's own tariff and mode, and receive no
/// command twice.
/// </summary>
public sealed class CrashDuringSpikeTests
{
    internal const double Speed = 60;
    private const string SpikeDay = "2026-01-18";
    internal const string SpikeTariffCode = "TESLASYNC:OVERRIDE:SPIKE";

    internal static string DayFile => SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", $"{SpikeDay}.json");

    /// <summary>
    /// Started a minute of wall time before the first instant that matters: on a busy machine the
    /// processes take tens of seconds to start and handle their first prices, which at 60 times
    /// real speed would otherwise be half an hour of the evening gone before they are up.
    /// </summary>
    internal static readonly TimeSpan Lead = TimeSpan.FromSeconds(60);

    /// <summary>
    /// As the day replays, but with the spike tariff held for 30 minutes past its interval. A
    /// killed GridEvents is down for as long as its restart takes on the wall clock, which at 60
    /// times real speed is up to a quarter of an hour on a busy machine; with the default 10
    /// minutes TariffSync would (rightly) let the tariff lapse before it is back, and the test
    /// would be about that safety net rather than about the restart.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> GridEventsSettings =
        new Dictionary<string, string>(ReplayDayTests.GridEventsSettings) { ["GridEvents:Spike:ExtendMargin"] = "00:30:00" };

    /// <summary>How long (wall clock) a restarted service may take to finish what it was restoring.</summary>
    internal static readonly TimeSpan RestorePatience = TimeSpan.FromSeconds(90);

    internal static DateTimeOffset At(string nemTime) => DateTimeOffset.Parse($"{SpikeDay}T{nemTime}:00+10:00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task KillGridEvents_DuringSpike_SpikeCarriesOnAndEndsOnTheUsersTariffWithoutRepeatedCommands()
    {
        await using var system = await ReplaySystem.StartAsync(DayFile, At("17:40"), Speed, GridEventsSettings, Lead);
        try
        {
            await WaitForAsync(system, s => s.TariffCode == SpikeTariffCode, "the spike tariff");
            await system.RunUntilAsync(At("18:40"));

            system.GridEvents.Kill();
            await system.RunUntilAsync(At("18:43"));
            await system.GridEvents.RestartAsync();

            await system.RunUntilAsync(At("20:00"));
            await WaitForAsync(system, IsUsersOwn, "the user's own tariff and mode after the spike", RestorePatience);
            await AssertSpikeFollowedAndRestoredAsync(system, At("17:40"));
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(system.Logs);
            throw;
        }
    }

    /// <summary>
    /// The spike tariff held exactly while prices spiked (from when the run started); the evening
    /// ends on the user's mode with no override tariff; every tariff upload differed from the one
    /// before it and the mode was switched exactly once each way per spike.
    /// </summary>
    internal static async Task AssertSpikeFollowedAndRestoredAsync(ReplaySystem system, DateTimeOffset scenarioStart)
    {
        var history = await system.PowerwallHistoryAsync();
        var firstSeen = history.First(s => s.TariffCode == SpikeTariffCode).At;
        var intervals = Enumerable.Range(0, ReplayDay.IntervalsPerDay)
            .Select(i => system.Day.Start + (i * Timeline.Interval))
            .Select(start => (start, system.Day.RrpAt("SA1", start)!.Value))
            .ToList();
        var expected = Timeline.Expected(intervals, enter: p => p >= 300, leave: p => p < 280)
            .From(Latest(firstSeen.AddMinutes(-5), scenarioStart, system.ReadyAt + (2 * Timeline.Interval))).Where(r => r.Start < At("20:00")).ToList();
        // What the lead-in before the scenario did is not judged: the processes were starting then.
        var observed = Timeline.Observed(history, s => s.TariffCode == SpikeTariffCode, At("20:00"))
            .From(Latest(firstSeen.AddMinutes(-5), scenarioStart, system.ReadyAt + (2 * Timeline.Interval)));
        Timeline.AssertMatch(expected, observed, Timeline.Interval, "spike tariff", system.AemoPriceSeenAt);

        var last = history[^1];
        Assert.False(last.TariffCode?.StartsWith("TESLASYNC:OVERRIDE:", StringComparison.Ordinal) ?? false, $"ended on {last.TariffCode}");
        Assert.Equal("self_consumption", last.Mode);
        Assert.Equal("battery_ok", last.ExportRule);

        var uploads = await system.Simulator.TariffUploadsAsync(TestContext.Current.CancellationToken);
        foreach (var (previous, next) in uploads.Zip(uploads.Skip(1)))
        {
            Assert.False(JsonNode.DeepEquals(previous.TariffContentV2, next.TariffContentV2),
                $"the same tariff was uploaded twice in a row, at {previous.ReceivedAt:O} and {next.ReceivedAt:O}");
        }

        var modeWrites = (await system.Simulator.TeslaRequestsAsync(TestContext.Current.CancellationToken))
            .Count(r => r is { Method: "POST", Status: 200 } && r.Path.EndsWith("/operation", StringComparison.Ordinal));
        Assert.Equal(2 * Timeline.Observed(history, s => s.TariffCode == SpikeTariffCode, At("20:00")).Count, modeWrites);
    }

    /// <summary>No override tariff, and the user's own mode and export rule.</summary>
    internal static bool IsUsersOwn(PowerwallSettings settings) =>
        !(settings.TariffCode?.StartsWith("TESLASYNC:OVERRIDE:", StringComparison.Ordinal) ?? false)
        && settings is { Mode: "self_consumption", ExportRule: "battery_ok" };

    /// <summary>Until the Powerwall's latest settings satisfy <paramref name="reached"/>.</summary>
    internal static async Task WaitForAsync(ReplaySystem system, Func<PowerwallSettings, bool> reached, string what, TimeSpan patience)
    {
        await Eventually.GetAsync(async () => (await system.PowerwallHistoryAsync()) is [.., var last] && reached(last) ? last : null,
            patience, $"{what} (simulated clock at {system.Clock.GetUtcNow():O})");
    }

    internal static Task WaitForAsync(ReplaySystem system, Func<PowerwallSettings, bool> reached, string what) =>
        Eventually.GetAsync(async () => (await system.PowerwallHistoryAsync()).LastOrDefault(reached), TimeSpan.FromSeconds(90), what);

    private static DateTimeOffset Latest(params DateTimeOffset[] instants) => instants.Max();
}

/// <summary>
/// The same evening, with TariffSync killed while it is failing to put the user's mode back; in a
/// class of its own so it runs beside the other crash test rather than after it.
/// </summary>
public sealed class CrashDuringRestoreTests
{
    [Fact]
    public async Task KillTariffSync_WhileRestoreIsFailing_RestoreFinishesAfterRestartWithoutRepeatedCommands()
    {
        await using var system = await ReplaySystem.StartAsync(CrashDuringSpikeTests.DayFile, At("18:50"), CrashDuringSpikeTests.Speed, CrashDuringSpikeTests.GridEventsSettings, CrashDuringSpikeTests.Lead);
        try
        {
            // The faults go in while the evening's long spike (from 18:15 until prices fall at 19:40) holds the Powerwall. The lead-in
            // before 18:50 has a short spike of its own (18:00 to 18:10), which on a busy machine can come and go
            // within a second of wall time: waiting for "a spike tariff" alone could catch that one as it ended.
            await system.RunUntilAsync(At("18:50"));
            await CrashDuringSpikeTests.WaitForAsync(system, s => s.TariffCode == CrashDuringSpikeTests.SpikeTariffCode && s.Mode == "autonomous",
                "the spike tariff in autonomous mode", CrashDuringSpikeTests.RestorePatience);

            // From now on every mode change fails (Tesla answers 503): the spike's end puts the
            // tariff back but cannot put the mode back, so TariffSync is left restoring.
            var failingSince = system.Clock.GetUtcNow();
            await system.Simulator.InjectTeslaFaultsAsync(
                Enumerable.Repeat(TeslaFault.ServerError(503, "/api/1/energy_sites/*/operation", "POST"), 200).ToArray());

            // The spike ends about 19:45, some 55 s of wall time from 18:50 at this speed.
            await CrashDuringSpikeTests.WaitForAsync(system,
                s => s.At >= failingSince && s.TariffCode != CrashDuringSpikeTests.SpikeTariffCode && s.Mode == "autonomous",
                "the tariff restored, the mode not yet", TimeSpan.FromSeconds(150));
            await system.RunUntilAsync(system.Clock.GetUtcNow().AddMinutes(5));

            system.TariffSync.Kill();
            await system.Simulator.ClearTeslaFaultsAsync(TestContext.Current.CancellationToken);
            await system.TariffSync.RestartAsync();

            // The restore is judged by whether it finishes, not by which simulated minute: a restart
            // and its first Tesla calls take seconds of wall time on a busy machine, i.e. minutes here.
            await system.RunUntilAsync(At("20:00"));
            await CrashDuringSpikeTests.WaitForAsync(system, CrashDuringSpikeTests.IsUsersOwn, "the user's own tariff and mode after the restart", CrashDuringSpikeTests.RestorePatience);
            await CrashDuringSpikeTests.AssertSpikeFollowedAndRestoredAsync(system, At("18:50"));
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(system.Logs);
            throw;
        }
    }

    private static DateTimeOffset At(string nemTime) => CrashDuringSpikeTests.At(nemTime);
}
