using System.Text.Json.Nodes;
using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>
/// AEMO prices on the bus → GridEvents' spike decision → TariffSync's spike override → the
/// simulated Powerwall, and back to the baseline; across a restart of GridEvents.
/// </summary>
public sealed class SpikeExportTests : IAsyncLifetime
{
    private const string SpikeTariffCode = "TESLASYNC:OVERRIDE:SPIKE";
    private GridHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await GridHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    // The dispatch interval running when the test starts: fixed once, so a test that crosses a
    // five-minute boundary still talks about the same intervals.
    private readonly DateTimeOffset _firstIntervalEnd = FirstIntervalEnd();

    private static DateTimeOffset FirstIntervalEnd()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero).AddMinutes(5);
    }

    /// <summary>The end of the first interval, plus <paramref name="later"/> intervals.</summary>
    private DateTimeOffset IntervalEnd(int later = 0) => _firstIntervalEnd.AddMinutes(5 * later);

    [Fact]
    public async Task AemoPrice_AboveThresholdThenLow_PowerwallHoldsSpikeTariffThenBaselineAgain()
    {
        await using var started = await EventRecorder<SpikeStarted>.StartAsync(_host.Redis.ConnectionString);
        await using var ended = await EventRecorder<SpikeEnded>.StartAsync(_host.Redis.ConnectionString);
        var baseline = await _host.PowerwallAsync();
        Assert.NotEqual(SpikeTariffCode, (string?)baseline.Tariff["code"]);

        await _host.PublishAemoPriceAsync(450m, IntervalEnd());

        // TariffSync writes the tariff, then the mode: wait for both.
        await _host.PowerwallAsync(p => (string?)p.Tariff["code"] == SpikeTariffCode && p.Mode == "autonomous", "the spike tariff and mode on the Powerwall");
        var uploads = await _host.Simulator.TariffUploadsAsync(Cancel);
        Assert.Equal(SpikeTariffCode, (string?)uploads[^1].TariffContentV2["code"]);
        var spike = await _host.StatusAsync(s => s.SpikeState == SpikeState.Spike && s.SpikeUntil is not null, "status spike");
        Assert.Equal(450m, spike.AemoPricePerMwh.ToDecimal());
        Assert.Equal(IntervalEnd().AddMinutes(10), spike.SpikeUntil.ToDateTimeOffset());

        // The spike continues: the override is extended to the next interval's end plus the margin.
        await _host.PublishAemoPriceAsync(600m, IntervalEnd(1));
        await Eventually.GetAsync(async () =>
        {
            var held = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
            return held.Overrides.SingleOrDefault(o => o.Name == "spike" && o.Until.ToDateTimeOffset() == IntervalEnd(1).AddMinutes(10));
        }, GridHost.Patience, "the spike override extended by one interval");

        await _host.PublishAemoPriceAsync(90m, IntervalEnd(2));

        var after = await _host.PowerwallAsync(p => (string?)p.Tariff["code"] != SpikeTariffCode && p.Mode == baseline.Mode, "the baseline tariff and mode back");
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff), "the baseline tariff is back exactly");
        Assert.Equal(baseline.Mode, after.Mode);
        await _host.StatusAsync(s => s.SpikeState == SpikeState.Normal, "status normal");
        var overrides = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Empty(overrides.Overrides);
        Assert.False(overrides.Restoring);

        var log = await _host.Client.GetEventLogAsync(new GetEventLogRequest { Limit = 10 }, cancellationToken: Cancel);
        var spikeLog = log.Decisions.Where(d => d.Machine == "spike" && d.Trigger == "price").Reverse().ToList();
        Assert.Equal(["apply", "apply", "release"], spikeLog.Select(d => d.Action));
        Assert.Equal(("normal", "spike"), (spikeLog[0].StateBefore, spikeLog[0].StateAfter));
        Assert.Equal(450m, spikeLog[0].Input.ToDecimal());
        Assert.Equal(300m, spikeLog[0].Threshold.ToDecimal());
        Assert.Equal(("spike", "normal"), (spikeLog[2].StateBefore, spikeLog[2].StateAfter));
        Assert.Equal(280m, spikeLog[2].Threshold.ToDecimal());
        Assert.All(spikeLog, d => Assert.True(d.Succeeded, d.Outcome));

        await Eventually.GetAsync(async () => started.Events.Count == 1 && ended.Events.Count == 1 ? new object() : await Task.FromResult<object?>(null),
            GridHost.Patience, "one SpikeStarted and one SpikeEnded");
        Assert.Equal(450m, started.Events[0].PricePerMwh);
        Assert.True(started.Events[0].Applied);
        Assert.False(ended.Events[0].Restoring);
    }

    [Fact]
    public async Task RestartGridEvents_MidSpike_StateResumesAndTheSpikeStillEnds()
    {
        var baseline = await _host.PowerwallAsync();
        await _host.PublishAemoPriceAsync(1200m, IntervalEnd());
        var before = await _host.StatusAsync(s => s.SpikeState == SpikeState.Spike, "status spike");
        await _host.PowerwallAsync(p => (string?)p.Tariff["code"] == SpikeTariffCode, "the spike tariff on the Powerwall");

        await _host.RestartGridEventsAsync();

        var resumed = await _host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: Cancel);
        Assert.Equal(SpikeState.Spike, resumed.SpikeState);
        Assert.Equal(before.Since, resumed.Since);
        Assert.Equal(1200m, resumed.AemoPricePerMwh.ToDecimal());
        // The restarted service reconciled with TariffSync: the override it holds is the one we want.
        await Eventually.GetAsync(async () =>
        {
            var log = await _host.Client.GetEventLogAsync(new GetEventLogRequest(), cancellationToken: Cancel);
            return log.Decisions.FirstOrDefault(d => d.Trigger == "start" && d.Machine == "spike") is null ? null : log;
        }, GridHost.Patience, "the reconciliation at start");
        Assert.Contains((await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel)).Overrides, o => o.Name == "spike");

        await _host.PublishAemoPriceAsync(20m, IntervalEnd(1));

        var after = await _host.PowerwallAsync(p => (string?)p.Tariff["code"] != SpikeTariffCode && p.Mode == baseline.Mode, "the baseline tariff and mode back");
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff), "the baseline tariff is back exactly");
        Assert.Equal(baseline.Mode, after.Mode);
        await _host.StatusAsync(s => s.SpikeState == SpikeState.Normal, "status normal");
    }

    [Fact]
    public async Task RestartGridEvents_TariffSyncLostTheSpikeOverride_ReappliesIt()
    {
        await _host.PublishAemoPriceAsync(700m, IntervalEnd());
        await _host.PowerwallAsync(p => (string?)p.Tariff["code"] == SpikeTariffCode, "the spike tariff on the Powerwall");
        await _host.StopGridEventsAsync();
        // While GridEvents is down, the override goes (e.g. a user released it from the dashboard).
        await _host.Overrides.ReleaseOverrideAsync(new ReleaseOverrideRequest { Name = "spike" }, cancellationToken: Cancel);
        await _host.PowerwallAsync(p => (string?)p.Tariff["code"] != SpikeTariffCode, "the baseline tariff back");

        _host.StartGridEvents();

        await _host.PowerwallAsync(p => (string?)p.Tariff["code"] == SpikeTariffCode, "the spike tariff re-applied");
        // The decision is logged once TariffSync answers, which may be after the Powerwall has the tariff.
        await Eventually.GetAsync(async () =>
        {
            var log = await _host.Client.GetEventLogAsync(new GetEventLogRequest(), cancellationToken: Cancel);
            return log.Decisions.FirstOrDefault(d => d is { Trigger: "start", Machine: "spike", Action: "apply", Succeeded: true });
        }, GridHost.Patience, "the re-application at start logged");
    }

    [Fact]
    public async Task AemoPrice_LowWhileTeslaRefusesTheRestore_StaysRestoringUntilTariffSyncConfirms()
    {
        var baseline = await _host.PowerwallAsync();
        await _host.PublishAemoPriceAsync(800m, IntervalEnd());
        await _host.PowerwallAsync(p => (string?)p.Tariff["code"] == SpikeTariffCode, "the spike tariff on the Powerwall");
        // The restore upload fails a few times; TariffSync retries it on its own schedule.
        await _host.Simulator.InjectTeslaFaultsAsync(Enumerable.Range(0, 6)
            .Select(_ => Simulator.Tesla.TeslaFault.ServerError(503, "/api/1/energy_sites/*/time_of_use_settings", "POST")).ToArray(), Cancel);

        await _host.PublishAemoPriceAsync(10m, IntervalEnd(1));

        var restoring = await _host.StatusAsync(s => s.SpikeState == SpikeState.Restoring, "status restoring");
        Assert.Null(restoring.SpikeUntil);
        var normal = await _host.StatusAsync(s => s.SpikeState == SpikeState.Normal, "status normal once the baseline is back");
        Assert.True(normal.Since.ToDateTimeOffset() >= restoring.Since.ToDateTimeOffset());
        var after = await _host.PowerwallAsync();
        Assert.True(JsonNode.DeepEquals(baseline.Tariff, after.Tariff), "the baseline tariff is back exactly");
        Assert.Equal(baseline.Mode, after.Mode);
        var log = await _host.Client.GetEventLogAsync(new GetEventLogRequest(), cancellationToken: Cancel);
        Assert.Contains(log.Decisions, d => d is { Action: "release", StateAfter: "restoring" });
        Assert.Contains(log.Decisions, d => d is { Action: "confirm-restore", StateBefore: "restoring", StateAfter: "normal" });
    }
}
