using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.Gateway.HomeAssistant;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>
/// The bridge against a real Mosquitto broker, with the services behind the Gateway stood in for: what Home
/// Assistant is told, what it can command, and how the bridge behaves when Home Assistant, the broker or a
/// service comes and goes.
/// </summary>
public sealed class HomeAssistantBridgeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly FakeBackend _prices = new();
    private readonly FakeBackend _telemetry = new();
    private readonly FakeBackend _tariffSync = new();
    private readonly FakeBackend _overrides = new();
    private MosquittoBroker _broker = null!;
    private bool _autoSync = true;
    private double _solarW = 4321;

    public async ValueTask InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _prices
            .Answer<GetCurrentPricesRequest, GetCurrentPricesResponse>("GetCurrentPrices", _ => Prices())
            .Answer<RefreshPricesRequest, RefreshPricesResponse>("RefreshPrices", _ => new RefreshPricesResponse { Published = true, Detail = "fetched" });
        _telemetry
            .Answer<GetLiveStatusRequest, GetLiveStatusResponse>("GetLiveStatus", _ => new GetLiveStatusResponse
            {
                Available = true, SolarPowerW = _solarW, GridPowerW = -1200, BatteryPowerW = 500, LoadPowerW = 3621, StateOfChargePercent = 64,
                OperationMode = "autonomous", ExportRule = "battery_ok", BackupReservePercent = 20,
                SettingsReadAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            })
            .Answer<GetBillEstimateRequest, GetBillEstimateResponse>("GetBillEstimate", _ => new GetBillEstimateResponse
            {
                InDemandWindow = false, Total = DecimalValue.FromDecimal(123.45m), DemandCharge = DecimalValue.FromDecimal(20m),
                SupplyToDate = DecimalValue.FromDecimal(15m), MonthlyFixedCharge = DecimalValue.FromDecimal(0m),
            });
        _tariffSync
            .Answer<GetSyncSettingsRequest, SyncSettings>("GetSyncSettings", _ => new SyncSettings { AutoSync = _autoSync })
            .Answer<SetAutoSyncRequest, SyncSettings>("SetAutoSync", request =>
            {
                _autoSync = request.Enabled;
                return new SyncSettings { AutoSync = _autoSync };
            })
            .Answer<GetLastSyncRequest, GetLastSyncResponse>("GetLastSync", _ => new GetLastSyncResponse
            {
                Last = new Contracts.TariffSync.V1.SyncOutcome { Status = SyncStatus.Succeeded, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), ReadBackMatched = true },
            })
            .Answer<SyncNowRequest, Contracts.TariffSync.V1.SyncOutcome>("SyncNow", _ => new Contracts.TariffSync.V1.SyncOutcome { Status = SyncStatus.Succeeded });
        _overrides.Answer<ApplyOverrideRequest, ApplyOverrideResponse>("ApplyOverride", _ => new ApplyOverrideResponse { Changed = true, Writes = 1 });
    }

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Start_AnnouncesEveryEntityRetained_ValidForHomeAssistant_WithUniqueIdsStableAcrossRestarts()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "homeassistant/#", "teslasync/#");
        Dictionary<string, string> first;
        await using (var gateway = StartGateway())
        {
            first = await AllConfigsAsync(probe);
        }

        Assert.Equal(HaEntities.All.Count, first.Count);
        foreach (var (topic, payload) in first)
        {
            Assert.Empty(HaDiscoveryRules.Problems(topic, payload));

            // The entity id users' automations name: <component>.<object id>, as the original tool had them.
            var parts = topic.Split('/');
            Assert.Equal($"{parts[1]}.{parts[3]}", (string?)JsonNode.Parse(payload)!["default_entity_id"]);
        }

        // A new subscriber gets them from the broker: they are retained.
        await using (var late = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "homeassistant/#"))
        {
            var retained = await late.WaitForAsync(m => m.Topic.EndsWith("/solar_power/config", StringComparison.Ordinal), Patience);
            Assert.True(retained.Retain);
        }

        probe.Clear();
        await using (var again = StartGateway())
        {
            var second = await AllConfigsAsync(probe);
            Assert.Equal(UniqueIds(first), UniqueIds(second));
        }
    }

    [Fact]
    public async Task States_ShowTheServicesFigures_InHomeAssistantsUnits()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/#");
        await using var gateway = StartGateway();

        Assert.Equal("online", (await probe.WaitForTopicAsync("teslasync/home/availability", Patience)).Payload);
        Assert.Equal("0.3112", (await probe.WaitForTopicAsync("teslasync/home/current_electricity_price/state", Patience)).Payload);
        var attributes = JsonNode.Parse((await probe.WaitForTopicAsync("teslasync/home/current_electricity_price/attributes", Patience)).Payload)!;
        Assert.Equal("none", (string?)attributes["spike_status"]);
        Assert.Equal(0.0812m, (decimal)attributes["wholesale_price"]!);
        Assert.Equal("0.0921", (await probe.WaitForTopicAsync("teslasync/home/feed_in_price/state", Patience)).Payload);
        Assert.Equal("4.321", (await probe.WaitForTopicAsync("teslasync/home/solar_power/state", Patience)).Payload);
        Assert.Equal("-1.2", (await probe.WaitForTopicAsync("teslasync/home/grid_power/state", Patience)).Payload);
        Assert.Equal("64", (await probe.WaitForTopicAsync("teslasync/home/battery_level/state", Patience)).Payload);
        Assert.Equal("123.45", (await probe.WaitForTopicAsync("teslasync/home/total_estimated_monthly_cost/state", Patience)).Payload);
        Assert.Equal("OFF", (await probe.WaitForTopicAsync("teslasync/home/in_demand_charge_period/state", Patience)).Payload);
        Assert.Equal("ON", (await probe.WaitForTopicAsync("teslasync/home/auto_sync_tou_schedule/state", Patience)).Payload);
        var sync = JsonNode.Parse((await probe.WaitForTopicAsync("teslasync/home/auto_sync_tou_schedule/attributes", Patience)).Payload)!;
        Assert.Equal("succeeded", (string?)sync["last_sync_status"]);
        Assert.Equal("battery_ok", (await probe.WaitForTopicAsync("teslasync/home/export_rule/state", Patience)).Payload);
        Assert.Equal("20", (await probe.WaitForTopicAsync("teslasync/home/backup_reserve/state", Patience)).Payload);

        // States are live values, not retained: availability is what outlives the bridge.
        Assert.DoesNotContain(probe.Messages, m => m.Topic.EndsWith("/state", StringComparison.Ordinal) && m.Retain);
    }

    [Fact]
    public async Task Commands_GoThroughTheServices_AndTheControlsFollow()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/#");
        await using var gateway = StartGateway();
        await probe.WaitForTopicAsync("teslasync/home/auto_sync_tou_schedule/state", Patience);

        await probe.PublishAsync("teslasync/home/auto_sync_tou_schedule/set", "OFF");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/auto_sync_tou_schedule/state" && m.Payload == "OFF", Patience);
        Assert.False(_tariffSync.Single<SetAutoSyncRequest>().Enabled);

        await probe.PublishAsync("teslasync/home/export_rule/set", "never");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/export_rule/state" && m.Payload == "never", Patience);
        var exportRule = _overrides.Single<ApplyOverrideRequest>();
        Assert.Equal(OverrideExportRule.Never, exportRule.ExportRule.Rule);
        Assert.Equal("home-assistant-export-rule", exportRule.Name);
        Assert.Equal("home", exportRule.SiteId);
        Assert.Null(exportRule.Until);

        // Out of range, and not a number: refused here, nothing reaches TariffSync, the control shows what is in force.
        probe.Clear();
        await probe.PublishAsync("teslasync/home/backup_reserve/set", "150");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/backup_reserve/state" && m.Payload == "20", Patience);
        await probe.PublishAsync("teslasync/home/backup_reserve/set", "lots");
        await probe.PublishAsync("teslasync/home/operation_mode/set", "turbo");
        await probe.PublishAsync("teslasync/home/backup_reserve/set", "35.0");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/backup_reserve/state" && m.Payload == "35", Patience);
        await probe.PublishAsync("teslasync/home/operation_mode/set", "self_consumption");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/operation_mode/state" && m.Payload == "self_consumption", Patience);
        var applied = _overrides.Requests.OfType<ApplyOverrideRequest>().ToList();
        Assert.Equal(3, applied.Count);
        Assert.Equal((35, "home-assistant-backup-reserve"), (applied[1].BackupReserve.Percent, applied[1].Name));
        Assert.Equal((OverrideOperationMode.SelfConsumption, "home-assistant-operation-mode"), (applied[2].OperationMode.Mode, applied[2].Name));

        await probe.PublishAsync("teslasync/home/sync_now/set", "PRESS");
        await Eventually.GetAsync(() => Task.FromResult(_prices.Requests.OfType<RefreshPricesRequest>().FirstOrDefault()), Patience, "a price refresh");
    }

    [Fact]
    public async Task SyncNow_PressedTwiceInTheSame5MinutePeriod_SyncsOnce_AndAgainInTheNextPeriod()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 18, 8, 1, 0, TimeSpan.Zero));
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/#");
        await using var gateway = StartGateway(clock: clock);
        await probe.WaitForTopicAsync("teslasync/home/auto_sync_tou_schedule/state", Patience);

        await probe.PublishAsync("teslasync/home/sync_tou_schedule/set", "PRESS");
        await Eventually.GetAsync(() => Task.FromResult(_tariffSync.Requests.OfType<SyncNowRequest>().FirstOrDefault()), Patience, "the first sync");
        clock.Advance(TimeSpan.FromMinutes(3));
        await probe.PublishAsync("teslasync/home/sync_tou_schedule/set", "PRESS");

        // A command after it shows the second press was handled (commands are done in order).
        await probe.PublishAsync("teslasync/home/sync_now/set", "PRESS");
        await Eventually.GetAsync(() => Task.FromResult(_prices.Requests.OfType<RefreshPricesRequest>().FirstOrDefault()), Patience, "the refresh after the second press");
        Assert.Single(_tariffSync.Requests.OfType<SyncNowRequest>());

        clock.Advance(TimeSpan.FromMinutes(2));
        await probe.PublishAsync("teslasync/home/sync_tou_schedule/set", "PRESS");
        await Eventually.GetAsync(
            () => Task.FromResult(_tariffSync.Requests.OfType<SyncNowRequest>().Count() == 2 ? "two" : null), Patience, "a sync in the next period");
    }

    [Fact]
    public async Task Stop_MarksEveryEntityUnavailable()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/home/availability");
        await using (var gateway = StartGateway())
        {
            await probe.WaitForAsync(m => m.Payload == "online", Patience);
        }

        await probe.WaitForAsync(m => m.Payload == "offline", Patience);
        await using var late = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/home/availability");
        var retained = await late.WaitForTopicAsync("teslasync/home/availability", Patience);
        Assert.Equal(("offline", true), (retained.Payload, retained.Retain));
    }

    [Fact]
    public async Task HomeAssistantComingOnline_GetsEveryConfigAndStateAgain()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "homeassistant/#", "teslasync/#");
        await using var gateway = StartGateway();
        await probe.WaitForTopicAsync("teslasync/home/solar_power/state", Patience);
        await AllConfigsAsync(probe);

        probe.Clear();
        await probe.PublishAsync("homeassistant/status", "online");
        Assert.Equal(HaEntities.All.Count, (await AllConfigsAsync(probe)).Count);
        await probe.WaitForTopicAsync("teslasync/home/solar_power/state", Patience);
        await probe.WaitForTopicAsync("teslasync/home/current_electricity_price/state", Patience);
    }

    [Fact]
    public async Task Start_RemovesEntitiesAnEarlierVersionAnnouncedThatNoLongerExist_AndLeavesOtherDevicesAlone()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "homeassistant/#");
        await probe.PublishAsync("homeassistant/sensor/teslasync_home/old_entity/config", """{"name":"Old","state_topic":"x","unique_id":"teslasync_home_old_entity"}""", retain: true);
        await probe.PublishAsync("homeassistant/sensor/teslasync_cabin/solar_power/config", """{"name":"Cabin","state_topic":"y","unique_id":"teslasync_cabin_solar_power"}""", retain: true);
        await using var gateway = StartGateway();

        var removal = await probe.WaitForAsync(m => m.Topic == "homeassistant/sensor/teslasync_home/old_entity/config" && m.Payload.Length == 0, Patience);
        await AllConfigsAsync(probe);
        Assert.DoesNotContain(probe.Messages, m => m.Topic.Contains("teslasync_cabin", StringComparison.Ordinal) && m.Payload.Length == 0);
        Assert.NotNull(removal);
    }

    [Fact]
    public async Task BrokerGoingAway_IsReported_AndTheBridgeReconnectsAndAnnouncesAgain()
    {
        await using var gateway = StartGateway(settings: new() { ["HomeAssistant:ReconnectDelay"] = "00:00:01" });
        var status = gateway.Services.GetRequiredService<HomeAssistantBridgeStatus>();
        await Eventually.GetAsync(() => Task.FromResult(status.Current.State == HomeAssistantBridgeState.Connected ? "yes" : null), Patience, "the bridge connected");

        await _broker.StopAsync();
        await Eventually.GetAsync(() => Task.FromResult(status.Current.State == HomeAssistantBridgeState.Failed ? "yes" : null), Patience, "the failure reported");
        Assert.False(string.IsNullOrEmpty(status.Current.LastError));

        await _broker.RestartAsync();
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/#");
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/availability" && m.Payload == "online", Patience);
        await probe.WaitForTopicAsync("teslasync/home/solar_power/state", Patience);
        Assert.Equal(HomeAssistantBridgeState.Connected, status.Current.State);
    }

    [Fact]
    public async Task AServiceDown_LeavesItsEntitiesAlone_WhileTheOthersStillUpdate()
    {
        _prices.FailWith = Grpc.Core.StatusCode.Unavailable;
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/#");
        await using var gateway = StartGateway();

        await probe.WaitForTopicAsync("teslasync/home/solar_power/state", Patience);
        await probe.WaitForTopicAsync("teslasync/home/auto_sync_tou_schedule/state", Patience);
        Assert.DoesNotContain(probe.Messages, m => m.Topic.StartsWith("teslasync/home/current_electricity_price", StringComparison.Ordinal));

        _prices.FailWith = null;
        gateway.Services.GetRequiredService<HaRefreshSignal>().Request();
        await probe.WaitForTopicAsync("teslasync/home/current_electricity_price/state", Patience);
    }

    [Fact]
    public async Task UnchangedStates_AreNotSentAgain_ChangedOnesAre_AndAllAreSentAtTheRefreshInterval()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/home/solar_power/state", "teslasync/home/grid_power/state");
        await using var gateway = StartGateway(settings: new() { ["HomeAssistant:StateRefreshInterval"] = "01:00:00" });
        await probe.WaitForTopicAsync("teslasync/home/solar_power/state", Patience);
        var signal = gateway.Services.GetRequiredService<HaRefreshSignal>();

        // Twenty events with nothing changed: at most the reads, no messages.
        for (var i = 0; i < 20; i++)
        {
            signal.Request();
        }

        _solarW = 5000;
        signal.Request();
        await probe.WaitForAsync(m => m.Topic == "teslasync/home/solar_power/state" && m.Payload == "5", Patience);
        Assert.Equal(2, probe.Messages.Count(m => m.Topic == "teslasync/home/solar_power/state"));
        Assert.Single(probe.Messages, m => m.Topic == "teslasync/home/grid_power/state");
    }

    [Fact]
    public async Task EveryState_IsSentAgainAtTheRefreshInterval_EvenUnchanged()
    {
        await using var probe = await MqttProbe.ConnectAsync(_broker.Host, _broker.Port, "teslasync/home/grid_power/state");
        await using var gateway = StartGateway(settings: new() { ["HomeAssistant:StateRefreshInterval"] = "00:00:01" });
        await Eventually.GetAsync(
            () => Task.FromResult(probe.Messages.Count(m => m.Payload == "-1.2") >= 3 ? "three" : null), Patience, "the unchanged grid power three times");
    }

    private static Dictionary<string, string> UniqueIds(Dictionary<string, string> configs) =>
        configs.ToDictionary(pair => pair.Key, pair => (string)JsonNode.Parse(pair.Value)!["unique_id"]!);

    /// <summary>Waits for the config of every entity, and returns the latest of each by topic.</summary>
    private static async Task<Dictionary<string, string>> AllConfigsAsync(MqttProbe probe)
    {
        var topics = HaEntities.All.Select(e => $"homeassistant/{e.ComponentName}/teslasync_home/{e.ObjectId}/config").ToList();
        await Eventually.GetAsync(
            () => Task.FromResult(topics.All(t => probe.Messages.Any(m => m.Topic == t && m.Payload.Length > 0)) ? "all" : null),
            Patience,
            "every entity's discovery config");
        return topics.ToDictionary(t => t, t => probe.Messages.Last(m => m.Topic == t).Payload);
    }

    private ServiceFactory<GatewayAssembly> StartGateway(Dictionary<string, string>? settings = null, TimeProvider? clock = null)
    {
        var all = new Dictionary<string, string>
        {
            ["HomeAssistant:Broker"] = _broker.Host,
            ["HomeAssistant:Port"] = _broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var gateway = GatewayHost.WithFakes(_prices, _tariffSync, null, _telemetry, all, clock, _overrides);
        _ = gateway.Server;
        return gateway;
    }

    private static GetCurrentPricesResponse Prices()
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero);
        var response = new GetCurrentPricesResponse();
        response.Intervals.Add(Interval(PriceChannel.General, start, 0.3112m, 0.0812m));
        response.Intervals.Add(Interval(PriceChannel.FeedIn, start, -0.0921m, 0.0812m));
        return response;
    }

    private static PriceInterval Interval(PriceChannel channel, DateTimeOffset start, decimal perKwh, decimal spot) => new()
    {
        Channel = channel,
        Kind = IntervalKind.Current,
        Start = Timestamp.FromDateTimeOffset(start),
        End = Timestamp.FromDateTimeOffset(start.AddMinutes(5)),
        PerKwh = DecimalValue.FromDecimal(perKwh),
        SpotPerKwh = DecimalValue.FromDecimal(spot),
        SpikeStatus = SpikeStatus.None,
    };
}
