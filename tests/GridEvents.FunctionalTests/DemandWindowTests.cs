using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>
/// The demand window on GridEvents' (shifted) clock → TariffSync's grid-charging override → the
/// simulated Powerwall: blocked inside, the user's own setting back after, one Tesla write per change.
/// </summary>
public sealed class DemandWindowTests : IAsyncLifetime
{
    private const string GridImportExport = "grid_import_export";
    private readonly ShiftedClock _clock = new();
    private GridHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await GridHost.StartAsync(DemandWindowSettings.OpeningAfterAnHour(_clock), _clock);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>At least four checks after now (they run every 250 ms here).</summary>
    private Task<GetStatusResponse> SeveralChecksAsync() => _host.DemandWindowCheckedAsync(_clock.GetUtcNow().AddSeconds(1));

    /// <summary>The demand window's reconciliation by the restarted GridEvents (the first start's comes before it).</summary>
    private Task<GridDecision> RestartReconciliationAsync() =>
        Eventually.GetAsync(async () => (await _host.DecisionsAsync("demand-window", "start")) is [_, .., var second] ? second : null,
            GridHost.Patience, "the demand window's reconciliation at the restart");

    [Fact]
    public async Task DemandWindow_OpensThenCloses_BlocksGridChargingInsideThenRestoresItWithOneTeslaWriteEach()
    {
        await using var changes = await EventRecorder<DemandWindowChanged>.StartAsync(_host.Redis.ConnectionString);
        var user = await _host.Powerwall.SettingsAsync();
        Assert.True(user.GridChargingAllowed);
        var outside = await SeveralChecksAsync();
        Assert.False(outside.InDemandWindow);
        Assert.True(outside.DemandWindowEnabled);
        Assert.Equal(DemandWindowSettings.Zone, outside.DemandWindowTimeZone);
        Assert.Empty(await _host.Powerwall.WritesAsync());

        _clock.Shift(DemandWindowSettings.Step);

        var blocked = await _host.Powerwall.SettingsAsync(p => !p.GridChargingAllowed, "grid charging blocked");
        Assert.True(blocked.SameAs(user with { GridChargingAllowed = false }), $"only grid charging changed: {blocked}");
        var inside = await _host.StatusAsync(s => s.InDemandWindow, "status in the demand window");
        Assert.EndsWith("every day", inside.DemandWindow, StringComparison.Ordinal);
        var held = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Equal(OverrideKind.GridCharging, held.Overrides.Single(o => o.Name == "demand-window").Kind);
        await SeveralChecksAsync();
        Assert.Equal([GridImportExport], await _host.Powerwall.WritesAsync());

        _clock.Shift(DemandWindowSettings.Step);

        await _host.Powerwall.SettingsAsync(p => p.GridChargingAllowed, "grid charging allowed again");
        await _host.StatusAsync(s => !s.InDemandWindow, "status outside the demand window");
        await SeveralChecksAsync();
        Assert.Equal([GridImportExport, GridImportExport], await _host.Powerwall.WritesAsync());
        await _host.OverridesSettledAsync();
        var after = await _host.Powerwall.SettingsAsync();
        Assert.True(after.SameAs(user), $"the user's own settings are back: {after}");

        var log = await _host.DecisionsAsync("demand-window", "tick");
        Assert.Equal([("apply", "outside", "inside"), ("release", "inside", "outside")], log.Select(d => (d.Action, d.StateBefore, d.StateAfter)));
        Assert.All(log, d => Assert.True(d.Succeeded, d.Outcome));
        Assert.Contains(DemandWindowSettings.Zone, log[0].Reason, StringComparison.Ordinal);
        await Eventually.GetAsync(async () => await Task.FromResult(changes.Events.Count == 2 ? changes.Events : null),
            GridHost.Patience, "two DemandWindowChanged events");
        Assert.Equal([true, false], changes.Events.Select(e => e.InWindow));
        Assert.All(changes.Events, e => Assert.True(e.Applied));
    }

    [Fact]
    public async Task DemandWindow_TeslaRefusesTheBlockOnce_IsRetriedAtTheNextCheckThenLeftAlone()
    {
        await _host.Simulator.InjectTeslaFaultsAsync([Simulator.Tesla.TeslaFault.ServerError(503, "/api/1/energy_sites/*/grid_import_export", "POST")], Cancel);
        await _host.DemandWindowCheckedAsync(_clock.GetUtcNow()); // started: the window opens at a check, not at the start

        _clock.Shift(DemandWindowSettings.Step);

        await _host.Powerwall.SettingsAsync(p => !p.GridChargingAllowed, "grid charging blocked");
        var ticks = await Eventually.GetAsync(async () => await _host.DecisionsAsync("demand-window", "tick") is { Count: 2 } two ? two : null,
            GridHost.Patience, "the failed apply and its retry");
        await SeveralChecksAsync();
        Assert.Equal([("apply", false), ("apply", true)], ticks.Select(d => (d.Action, d.Succeeded)));
        Assert.Contains("Unavailable", ticks[0].Outcome, StringComparison.Ordinal);
        Assert.Contains("retrying", ticks[1].Reason, StringComparison.Ordinal);
        Assert.Equal(ticks, await _host.DecisionsAsync("demand-window", "tick"));
        Assert.True((await _host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: Cancel)).InDemandWindow);
    }

    [Fact]
    public async Task RestartGridEvents_InsideTheWindow_SendsNoSecondCommand()
    {
        var user = await _host.Powerwall.SettingsAsync();
        _clock.Shift(DemandWindowSettings.Step);
        await _host.Powerwall.SettingsAsync(p => !p.GridChargingAllowed, "grid charging blocked");
        // A check after the one that blocked: that one has finished, its decision is logged.
        var before = await _host.DemandWindowCheckedAsync(_clock.GetUtcNow());
        Assert.True(before.InDemandWindow);
        var writes = await _host.Powerwall.WritesAsync();
        var ticks = await _host.DecisionsAsync("demand-window", "tick");

        await _host.RestartGridEventsAsync();

        var start = await RestartReconciliationAsync();
        await SeveralChecksAsync();
        Assert.Equal(("none", "inside", "inside"), (start.Action, start.StateBefore, start.StateAfter));
        Assert.Equal(writes, await _host.Powerwall.WritesAsync());
        Assert.Equal(ticks, await _host.DecisionsAsync("demand-window", "tick"));
        var resumed = await _host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: Cancel);
        Assert.True(resumed.InDemandWindow);
        Assert.Equal(before.DemandWindowSince, resumed.DemandWindowSince);

        _clock.Shift(DemandWindowSettings.Step);

        await _host.Powerwall.SettingsAsync(p => p.GridChargingAllowed, "grid charging allowed again");
        await _host.OverridesSettledAsync();
        Assert.Equal([.. writes, GridImportExport], await _host.Powerwall.WritesAsync());
        Assert.True((await _host.Powerwall.SettingsAsync()).SameAs(user), "the user's own settings are back");
    }

    [Fact]
    public async Task RestartGridEvents_TurnedOffInsideTheWindow_ReleasesTheBlock()
    {
        var user = await _host.Powerwall.SettingsAsync();
        _clock.Shift(DemandWindowSettings.Step);
        await _host.Powerwall.SettingsAsync(p => !p.GridChargingAllowed, "grid charging blocked");

        await _host.RestartGridEventsAsync(new Dictionary<string, string> { ["GridEvents:DemandWindow:Enabled"] = "false" });

        await _host.Powerwall.SettingsAsync(p => p.GridChargingAllowed, "grid charging allowed again");
        await _host.OverridesSettledAsync();
        Assert.True((await _host.Powerwall.SettingsAsync()).SameAs(user), "the user's own settings are back");
        var status = await _host.StatusAsync(s => !s.InDemandWindow, "status outside the demand window");
        Assert.False(status.DemandWindowEnabled);
        var start = await RestartReconciliationAsync();
        Assert.Equal(("release", "inside", "outside"), (start.Action, start.StateBefore, start.StateAfter));
        Assert.True(start.Succeeded, start.Outcome);
    }
}

/// <summary>Without Site:TimeZone the demand window waits for the zone TariffSync reports, then decides in it.</summary>
public sealed class DemandWindowTimeZoneTests : IAsyncLifetime
{
    // The simulated Powerwall's installation zone, which TariffSync uploads its tariffs in.
    private static readonly TimeZoneInfo Adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
    private GridHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await GridHost.StartAsync(DemandWindowSettings.AroundNow(Adelaide));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DemandWindow_NoSiteTimeZone_DecidesNothingUntilTariffSyncReportsTheZone()
    {
        var start = await Eventually.GetAsync(async () => (await _host.DecisionsAsync("demand-window", "start")).FirstOrDefault(),
            GridHost.Patience, "the demand window's reconciliation at start");
        Assert.Equal("none", start.Action);
        Assert.Contains("time zone is not known", start.Reason, StringComparison.Ordinal);
        Assert.Contains("TariffSync cannot tell", start.Outcome, StringComparison.Ordinal);
        var waiting = await _host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((false, string.Empty, null), (waiting.InDemandWindow, waiting.DemandWindowTimeZone, waiting.DemandWindowCheckedAt));
        Assert.True((await _host.Powerwall.SettingsAsync()).GridChargingAllowed);

        // The first price sync uploads a tariff in the Powerwall's zone; from then on TariffSync can tell it.
        await _host.PublishDayOfPricesAsync();

        await _host.Powerwall.SettingsAsync(p => !p.GridChargingAllowed, "grid charging blocked");
        var inside = await _host.StatusAsync(s => s.InDemandWindow, "status in the demand window");
        Assert.Equal("Australia/Adelaide", inside.DemandWindowTimeZone);
        // The state is saved before TariffSync is asked, the decision once it has answered.
        var apply = await Eventually.GetAsync(async () => (await _host.DecisionsAsync("demand-window", "tick")).SingleOrDefault(),
            GridHost.Patience, "the demand window's decision to block");
        Assert.Equal("apply", apply.Action);
        Assert.Contains("Australia/Adelaide", apply.Reason, StringComparison.Ordinal);
    }
}
