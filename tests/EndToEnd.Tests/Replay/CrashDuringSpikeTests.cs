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
    private const double Speed = 60;
    private const string SpikeDay = "2026-01-18";
    private const string SpikeTariffCode = "TESLASYNC:OVERRIDE:SPIKE";

    private static string DayFile => SharedFolder.Data("aemo", "helloiamdanteng_nem-dashboard", "prices", $"{SpikeDay}.json");

    private static DateTimeOffset At(string nemTime) => DateTimeOffset.Parse($"{SpikeDay}T{nemTime}:00+10:00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task KillGridEvents_DuringSpike_SpikeCarriesOnAndEndsOnTheUsersTariffWithoutRepeatedCommands()
    {
        await using var system = await ReplaySystem.StartAsync(DayFile, At("17:40"), Speed, ReplayDayTests.GridEventsSettings);
        try
        {
            await WaitForAsync(system, s => s.TariffCode == SpikeTariffCode, "the spike tariff");
            await system.RunUntilAsync(At("18:40"));

            system.GridEvents.Kill();
            await system.RunUntilAsync(At("18:43"));
            await system.GridEvents.RestartAsync();

            await system.RunUntilAsync(At("20:00"));
            await AssertSpikeFollowedAndRestoredAsync(system);
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(system.Logs);
            throw;
        }
    }

    [Fact]
    public async Task KillTariffSync_WhileRestoreIsFailing_RestoreFinishesAfterRestartWithoutRepeatedCommands()
    {
        await using var system = await ReplaySystem.StartAsync(DayFile, At("18:50"), Speed, ReplayDayTests.GridEventsSettings);
        try
        {
            await WaitForAsync(system, s => s.TariffCode == SpikeTariffCode && s.Mode == "autonomous", "the spike tariff in autonomous mode");

            // From now on every mode change fails (Tesla answers 503): the spike's end puts the
            // tariff back but cannot put the mode back, so TariffSync is left restoring.
            await system.Simulator.InjectTeslaFaultsAsync(
                Enumerable.Repeat(TeslaFault.ServerError(503, "/api/1/energy_sites/*/operation", "POST"), 200).ToArray());
            await WaitForAsync(system, s => s.TariffCode != SpikeTariffCode && s.Mode == "autonomous", "the tariff restored, the mode not yet");
            await system.RunUntilAsync(system.Clock.GetUtcNow().AddMinutes(5));

            system.TariffSync.Kill();
            await system.Simulator.ClearTeslaFaultsAsync(TestContext.Current.CancellationToken);
            await system.TariffSync.RestartAsync();

            await system.RunUntilAsync(At("20:00"));
            await AssertSpikeFollowedAndRestoredAsync(system);
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
    private static async Task AssertSpikeFollowedAndRestoredAsync(ReplaySystem system)
    {
        var history = await system.PowerwallHistoryAsync();
        var firstSeen = history.First(s => s.TariffCode == SpikeTariffCode).At;
        var intervals = Enumerable.Range(0, ReplayDay.IntervalsPerDay)
            .Select(i => system.Day.Start + (i * Timeline.Interval))
            .Select(start => (start, system.Day.RrpAt("SA1", start)!.Value))
            .ToList();
        var expected = Timeline.Expected(intervals, enter: p => p >= 300, leave: p => p < 280)
            .From(firstSeen.AddMinutes(-5)).Where(r => r.Start < At("20:00")).ToList();
        var observed = Timeline.Observed(history, s => s.TariffCode == SpikeTariffCode, At("20:00"));
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
        Assert.Equal(2 * observed.Count, modeWrites);
    }

    private static async Task WaitForAsync(ReplaySystem system, Func<PowerwallSettings, bool> reached, string what)
    {
        await Eventually.GetAsync(async () => (await system.PowerwallHistoryAsync()).LastOrDefault(reached),
            TimeSpan.FromSeconds(90), what);
    }
}
