using TeslaSync.Contracts.Events;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;

namespace TeslaSync.GridEvents.FunctionalTests;

/// <summary>Amber feed-in prices on the bus → curtailment → TariffSync's export-rule override → the simulated Powerwall.</summary>
public sealed class CurtailmentTests : IAsyncLifetime
{
    private GridHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await GridHost.StartAsync(new Dictionary<string, string> { ["GridEvents:Curtailment:Enabled"] = "true" });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FeedInPrice_NegativeThenPaying_CurtailsExportsThenPutsTheUsersRuleBack()
    {
        await using var changes = await EventRecorder<CurtailmentChanged>.StartAsync(_host.Redis.ConnectionString);
        var baseline = await _host.PowerwallAsync();
        Assert.NotEqual("never", baseline.ExportRule);

        // Amber's feed-in perKwh is a cost: +5 c/kWh means exporting costs 5 c.
        await _host.PublishPricesAsync(0.05m);

        await _host.PowerwallAsync(p => p.ExportRule == "never", "exports curtailed");
        var curtailed = await _host.StatusAsync(s => s.Curtailed, "status curtailed");
        Assert.Equal(-5m, curtailed.FeedInEarningsCents.ToDecimal());
        var held = await _host.Overrides.GetOverridesAsync(new GetOverridesRequest(), cancellationToken: Cancel);
        Assert.Equal(OverrideKind.ExportRule, held.Overrides.Single(o => o.Name == "curtailment").Kind);

        // 1.1 c is inside the hysteresis band: still curtailed.
        await _host.PublishPricesAsync(-0.011m);
        await _host.StatusAsync(s => s.FeedInEarningsCents?.ToDecimal() == 1.1m, "earnings 1.1 c seen");
        Assert.Equal("never", (await _host.PowerwallAsync()).ExportRule);

        await _host.PublishPricesAsync(-0.10m);

        await _host.PowerwallAsync(p => p.ExportRule == baseline.ExportRule, "the user's export rule back");
        await _host.StatusAsync(s => !s.Curtailed, "status not curtailed");
        await Eventually.GetAsync(async () => await Task.FromResult(changes.Events.Count == 2 ? changes.Events : null),
            GridHost.Patience, "two CurtailmentChanged events");
        Assert.Equal([true, false], changes.Events.Select(e => e.Curtailed));
        var log = await _host.Client.GetEventLogAsync(new GetEventLogRequest(), cancellationToken: Cancel);
        Assert.Equal(["apply", "release"], log.Decisions.Where(d => d is { Machine: "curtailment", Trigger: "price" }).Reverse().Select(d => d.Action));
    }
}
