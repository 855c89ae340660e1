using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>
/// Two of GridEvents' decisions at once, against TariffSync's real precedence (ADR 0005), on the
/// simulated Powerwall. Each test ends with the user's own tariff, mode, export rule and grid
/// charging back, exactly.
/// </summary>
public sealed class PrecedenceTests : IAsyncDisposable
{
    private const string SpikeCode = "TESLASYNC:OVERRIDE:SPIKE";
    private const string ForceDischargeCode = "TESLASYNC:OVERRIDE:FORCE-DISCHARGE";
    private const string ForceChargeCode = "TESLASYNC:OVERRIDE:FORCE-CHARGE";

    // The dispatch interval running when the test starts, fixed once (see SpikeExportTests).
    private readonly DateTimeOffset _firstIntervalEnd = FirstIntervalEnd();
    private GridHost? _host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private GridHost Host => _host ?? throw new InvalidOperationException("Start the host first.");

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static DateTimeOffset FirstIntervalEnd()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero).AddMinutes(5);
    }

    private DateTimeOffset IntervalEnd(int later = 0) => _firstIntervalEnd.AddMinutes(5 * later);

    /// <summary>Starts the services and returns the user's own settings, with the export rule the user chose (not the default).</summary>
    private async Task<PowerwallSettings> StartAsync(Dictionary<string, string> settings, TimeProvider? clock = null)
    {
        _host = await GridHost.StartAsync(settings, clock);
        await _host.Powerwall.SetExportRuleAsUserAsync("pv_only");
        return await _host.Powerwall.SettingsAsync();
    }

    private async Task AssertTheUsersOwnSettingsAreBackAsync(PowerwallSettings user)
    {
        await Host.OverridesSettledAsync();
        var after = await Host.Powerwall.SettingsAsync();
        Assert.True(after.SameAs(user), $"the user's own settings are back: expected {user}, found {after}");
    }

    /// <summary>Waits for an override tariff and the mode that follows it (TariffSync writes the tariff first, then the mode).</summary>
    private Task<PowerwallSettings> HoldsAsync(string tariffCode, string what) =>
        Host.Powerwall.SettingsAsync(p => p.TariffCode == tariffCode && p.Mode == "autonomous", what);

    private async Task<IReadOnlyList<OverrideSetting>> ControlsAsync(string name)
    {
        var held = await Host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        return held.Overrides.Single(o => o.Name == name).Controls;
    }

    /// <summary>
    /// Curtailment and a spike are about different settings and are both kept: the spike owns the
    /// tariff and mode, curtailment the export rule, so the Powerwall runs on the spike tariff with
    /// exports off until Amber's feed-in pays again. Amber's feed-in price is what the site is paid;
    /// while it is negative an export costs money, whatever the regional AEMO price says (ADR 0005).
    /// </summary>
    [Fact]
    public async Task Spike_WhileCurtailed_SpikeTariffRunsWithExportsOffUntilFeedInPays()
    {
        var user = await StartAsync(new() { ["GridEvents:Curtailment:Enabled"] = "true" });
        await Host.PublishPricesAsync(0.05m); // exporting costs 5 c/kWh
        await Host.Powerwall.SettingsAsync(p => p.ExportRule == "never", "exports curtailed");

        await Host.PublishAemoPriceAsync(450m, IntervalEnd());

        var both = await HoldsAsync(SpikeCode, "the spike tariff and mode");
        Assert.Equal(("never", true), (both.ExportRule, both.GridChargingAllowed));
        Assert.Equal([OverrideSetting.Tariff, OverrideSetting.OperationMode], await ControlsAsync("spike"));
        Assert.Equal([OverrideSetting.ExportRule], await ControlsAsync("curtailment"));

        // Feed-in pays again: the user's own rule comes back under the spike tariff, which stays.
        await Host.PublishPricesAsync(-0.10m);
        var exporting = await Host.Powerwall.SettingsAsync(p => p.ExportRule == "pv_only", "the user's export rule back");
        Assert.Equal((SpikeCode, "autonomous"), (exporting.TariffCode, exporting.Mode));

        await Host.PublishAemoPriceAsync(90m, IntervalEnd(1));

        await Host.StatusAsync(s => s.SpikeState == SpikeState.Normal && !s.Curtailed, "spike over, not curtailed");
        await AssertTheUsersOwnSettingsAreBackAsync(user);
    }

    /// <summary>A user's force discharge outranks the automatic spike; the spike tariff returns when it ends.</summary>
    [Fact]
    public async Task ForceDischarge_DuringSpike_OwnsTheTariffThenTheSpikeTariffReturnsThenTheUsersOwn()
    {
        var user = await StartAsync([]);
        await Host.PublishAemoPriceAsync(450m, IntervalEnd());
        await HoldsAsync(SpikeCode, "the spike tariff on the Powerwall");

        await Host.Client.StartForceAsync(new StartForceRequest { Direction = ForceDirection.Discharge, Minutes = 30 }, cancellationToken: Cancel);

        var forced = await Host.Powerwall.SettingsAsync();
        Assert.Equal((ForceDischargeCode, "autonomous"), (forced.TariffCode, forced.Mode));
        // The spike goes on underneath: extending it does not take the tariff back from the force.
        await Host.PublishAemoPriceAsync(500m, IntervalEnd(1));
        await Eventually.GetAsync(async () =>
        {
            var held = await Host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
            return held.Overrides.SingleOrDefault(o => o.Name == "spike" && o.Until.ToDateTimeOffset() == IntervalEnd(1).AddMinutes(10));
        }, GridHost.Patience, "the spike override extended");
        Assert.Equal(ForceDischargeCode, (await Host.Powerwall.SettingsAsync()).TariffCode);
        Assert.Empty(await ControlsAsync("spike"));

        await Host.Client.CancelForceAsync(new CancelForceRequest(), cancellationToken: Cancel);

        await HoldsAsync(SpikeCode, "the spike tariff back while it still spikes");
        Assert.Equal(SpikeState.Spike, (await Host.Client.GetStatusAsync(new GetStatusRequest(), cancellationToken: Cancel)).SpikeState);

        await Host.PublishAemoPriceAsync(90m, IntervalEnd(2));

        await Host.StatusAsync(s => s.SpikeState == SpikeState.Normal, "spike over");
        await AssertTheUsersOwnSettingsAreBackAsync(user);
    }

    /// <summary>A spike outranks a force charge: the Powerwall never grid-charges while a spike pays it to export.</summary>
    [Fact]
    public async Task Spike_StartingDuringForceCharge_WinsThenTheForceChargeResumes()
    {
        var user = await StartAsync([]);
        await Host.Client.StartForceAsync(new StartForceRequest { Direction = ForceDirection.Charge, Minutes = 30 }, cancellationToken: Cancel);
        Assert.Equal(ForceChargeCode, (await Host.Powerwall.SettingsAsync()).TariffCode);

        await Host.PublishAemoPriceAsync(450m, IntervalEnd());

        await HoldsAsync(SpikeCode, "the spike tariff on the Powerwall");
        Assert.Empty(await ControlsAsync("force-charge"));

        // The spike ends inside the force's half hour: the force charge takes the tariff back.
        await Host.PublishAemoPriceAsync(90m, IntervalEnd(1));
        await HoldsAsync(ForceChargeCode, "the force-charge tariff back");
        await Host.StatusAsync(s => s.SpikeState == SpikeState.Normal, "spike over");

        await Host.Client.CancelForceAsync(new CancelForceRequest(), cancellationToken: Cancel);

        await AssertTheUsersOwnSettingsAreBackAsync(user);
    }

    /// <summary>Curtailment (export rule) and the demand window (grid charging) take different settings: both apply, each is undone alone.</summary>
    [Fact]
    public async Task Curtailment_DuringTheDemandWindow_BothApplyAndEachIsRestoredOnItsOwn()
    {
        var clock = new ShiftedClock();
        var settings = DemandWindowSettings.OpeningAfterAnHour(clock);
        settings["GridEvents:Curtailment:Enabled"] = "true";
        var user = await StartAsync(settings, clock);
        clock.Shift(DemandWindowSettings.Step);
        await Host.Powerwall.SettingsAsync(p => !p.GridChargingAllowed, "grid charging blocked");

        await Host.PublishPricesAsync(0.05m);

        var both = await Host.Powerwall.SettingsAsync(p => p.ExportRule == "never", "exports curtailed");
        Assert.False(both.GridChargingAllowed);
        Assert.Equal((user.TariffCode, user.Mode), (both.TariffCode, both.Mode));

        // The window closes first: grid charging comes back, exports stay off.
        clock.Shift(DemandWindowSettings.Step);
        var windowClosed = await Host.Powerwall.SettingsAsync(p => p.GridChargingAllowed, "grid charging allowed again");
        Assert.Equal("never", windowClosed.ExportRule);
        await Host.StatusAsync(s => s.Curtailed && !s.InDemandWindow, "curtailed, outside the window");

        await Host.PublishPricesAsync(-0.10m);

        await Host.Powerwall.SettingsAsync(p => p.ExportRule == "pv_only", "the user's export rule back");
        await AssertTheUsersOwnSettingsAreBackAsync(user);
    }
}
