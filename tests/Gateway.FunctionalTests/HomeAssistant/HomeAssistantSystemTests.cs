using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;
using PriceIngestAssembly = TeslaSync.PriceIngest.ServiceAssembly;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffOverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncAssembly = TeslaSync.TariffSync.ServiceAssembly;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>
/// Home Assistant driving the real system: Redis, PriceIngest and TariffSync against the simulated Amber and
/// Powerwall, the Gateway's bridge on a real Mosquitto broker. A command on an MQTT topic changes the system.
/// </summary>
public sealed class HomeAssistantSystemTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task HomeAssistant_SeesThePrice_SwitchesAutoSync_SyncsOncePerPeriod_AndSetsTheExportRule()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoBroker.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var serviceSettings = new Dictionary<string, string>(simulator.ServiceSettings) { ["ConnectionStrings:redis"] = redis.ConnectionString };
        await using var tariffSync = new ServiceFactory<TariffSyncAssembly>(serviceSettings);
        _ = tariffSync.Server;
        await using var priceIngest = new ServiceFactory<PriceIngestAssembly>(serviceSettings);
        _ = priceIngest.Server;
        var gatewaySettings = GatewayHost.UnreachableServices();
        gatewaySettings["ConnectionStrings:redis"] = redis.ConnectionString;
        gatewaySettings["HomeAssistant:Broker"] = broker.Host;
        gatewaySettings["HomeAssistant:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var gateway = new ServiceFactory<GatewayAssembly>(gatewaySettings, services =>
        {
            services.AddSingleton(new PriceIngestClient(priceIngest.CreateGrpcChannel()));
            services.AddSingleton(new TariffSyncClient(tariffSync.CreateGrpcChannel()));
            services.AddSingleton(new TariffOverridesClient(tariffSync.CreateGrpcChannel()));
        });
        var syncClient = new TariffSyncClient(tariffSync.CreateGrpcChannel());
        var pricesClient = new PriceIngestClient(priceIngest.CreateGrpcChannel());
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "teslasync/#");
        _ = gateway.Server;

        // The price Home Assistant shows is PriceIngest's current general price.
        var price = await probe.WaitForTopicAsync("teslasync/home/current_electricity_price/state", Patience);
        var current = (await pricesClient.GetCurrentPricesAsync(new GetCurrentPricesRequest(), cancellationToken: ct)).Intervals
            .First(i => i.Channel == PriceChannel.General && i.Kind == IntervalKind.Current);
        Assert.Equal(Math.Round((decimal)current.PerKwh, 4), decimal.Parse(price.Payload, System.Globalization.CultureInfo.InvariantCulture));

        // The switch turns TariffSync's automatic sync off.
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/auto_sync_tou_schedule/state" && m.Payload == "ON", Patience);
        await probe.PublishAsync("teslasync/home/auto_sync_tou_schedule/set", "OFF");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/auto_sync_tou_schedule/state" && m.Payload == "OFF", Patience);
        Assert.False((await syncClient.GetSyncSettingsAsync(new GetSyncSettingsRequest(), cancellationToken: ct)).AutoSync);

        // With automatic syncs off, only presses add to the sync log: two in one 5-minute period add one entry.
        // (A press right at a period's end could fall into the next one; the check then allows that.)
        var before = (await syncClient.GetSyncLogAsync(new GetSyncLogRequest { Limit = 500 }, cancellationToken: ct)).Entries.Count;
        var firstPress = DateTimeOffset.UtcNow;
        await probe.PublishAsync("teslasync/home/sync_tou_schedule/set", "PRESS");
        await probe.PublishAsync("teslasync/home/sync_tou_schedule/set", "PRESS");
        var samePeriod = firstPress.ToUnixTimeSeconds() / 300 == DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300;
        await probe.PublishAsync("teslasync/home/export_rule/set", "never");

        // The export rule reaches the simulated Powerwall through TariffSync's override.
        await Eventually.GetAsync(
            async () => (await simulator.PowerwallAsync(ct)).ExportRule == "never" ? "never" : null, Patience, "the Powerwall's export rule set to never");
        var after = (await syncClient.GetSyncLogAsync(new GetSyncLogRequest { Limit = 500 }, cancellationToken: ct)).Entries.Count;
        Assert.Equal(samePeriod ? 1 : 2, after - before);
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/export_rule/state" && m.Payload == "never", Patience);
    }
}
