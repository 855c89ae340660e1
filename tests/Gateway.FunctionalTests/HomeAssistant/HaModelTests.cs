using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.Gateway.HomeAssistant;

namespace TeslaSync.Gateway.FunctionalTests.HomeAssistant;

/// <summary>The bridge's pure parts: topics, the entity states it derives from the services' answers, and what it remembers.</summary>
public sealed class HaModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 18, 8, 2, 0, TimeSpan.Zero);

    private static readonly HaTopics Topics = new(new HomeAssistantOptions(), "home");

    [Fact]
    public void Topics_AreUnderTheDiscoveryPrefixAndTheTopicRoot_AndParseBack()
    {
        var solar = HaEntities.Find(HaEntities.SolarPower)!;
        Assert.Equal("homeassistant/sensor/teslasync_home/solar_power/config", Topics.Config(solar));
        Assert.Equal("teslasync/home/solar_power/state", Topics.State("solar_power"));
        Assert.Equal("teslasync/home/availability", Topics.Availability);
        Assert.Equal("teslasync_home_solar_power", Topics.UniqueId("solar_power"));

        Assert.Equal("export_rule", Topics.CommandObjectId("teslasync/home/export_rule/set"));
        Assert.Null(Topics.CommandObjectId("teslasync/other/export_rule/set"));
        Assert.Null(Topics.CommandObjectId("teslasync/home/export_rule/state"));
        Assert.Equal(("sensor", "old_thing"), Topics.ParseConfig("homeassistant/sensor/teslasync_home/old_thing/config"));
        Assert.Null(Topics.ParseConfig("homeassistant/sensor/teslasync_other/old_thing/config"));
    }

    [Fact]
    public void Topics_ASiteIdWithCharactersDiscoveryForbids_IsMadeSafe()
    {
        var topics = new HaTopics(new HomeAssistantOptions { DiscoveryPrefix = "ha/", TopicRoot = "ts" }, "my home.1");
        Assert.Equal("teslasync_my_home_1", topics.NodeId);
        Assert.Equal("ha/switch/teslasync_my_home_1/auto_sync_tou_schedule/config", topics.Config(HaEntities.Find(HaEntities.AutoSync)!));
        Assert.Equal("ts/my_home_1/availability", topics.Availability);
    }

    [Fact]
    public void Entities_KeepTheOriginalToolsObjectIds()
    {
        string[] expected =
        [
            "current_electricity_price", "solar_power", "grid_power", "battery_power", "home_load", "battery_level",
            "in_demand_charge_period", "peak_demand_this_cycle", "estimated_demand_charge_cost",
            "daily_supply_charge_cost_this_month", "monthly_supply_charge", "total_estimated_monthly_cost",
            "auto_sync_tou_schedule", "sync_tou_schedule", "sync_now",
        ];
        Assert.All(expected, id => Assert.NotNull(HaEntities.Find(id)));
        Assert.Equal(HaEntities.All.Count, HaEntities.All.Select(e => e.ObjectId).Distinct().Count());
    }

    [Fact]
    public void Prices_ShowTheCurrentIntervalsInDollars_FeedInAsEarnings_WithSpikeWholesaleAndNetwork()
    {
        var prices = new GetCurrentPricesResponse();
        prices.Intervals.Add(Interval(PriceChannel.General, IntervalKind.Actual, Now.AddMinutes(-7), 0.31m, 0.08m));
        prices.Intervals.Add(Interval(PriceChannel.General, IntervalKind.Current, Now.AddMinutes(-2), 19.6472m, 17.4617m, SpikeStatus.Spike));
        prices.Intervals.Add(Interval(PriceChannel.FeedIn, IntervalKind.Current, Now.AddMinutes(-2), -17.6287m, 17.4617m, SpikeStatus.Spike));

        var states = HaStateMapping.Prices(prices, Now).ToDictionary(s => s.ObjectId);

        var general = states[HaEntities.CurrentPrice];
        Assert.Equal("19.6472", general.Value);
        Assert.Equal("spike", (string?)general.Attributes!["spike_status"]);
        Assert.Equal(17.4617m, (decimal)general.Attributes["wholesale_price"]!);
        Assert.Equal(2.1855m, (decimal)general.Attributes["network_price"]!);
        Assert.Equal("17.6287", states[HaEntities.FeedInPrice].Value);
    }

    [Fact]
    public void Prices_WithoutACurrentInterval_UseTheOneCoveringNow_AndNothingWhenNoneDoes()
    {
        var prices = new GetCurrentPricesResponse();
        prices.Intervals.Add(Interval(PriceChannel.General, IntervalKind.Forecast, Now.AddMinutes(-2), 0.25m, 0.1m));
        Assert.Equal("0.25", Assert.Single(HaStateMapping.Prices(prices, Now)).Value);
        Assert.Empty(HaStateMapping.Prices(prices, Now.AddHours(1)));
    }

    [Fact]
    public void Live_PowersInKilowattsWithTeslasSigns_AndNothingWhileUnavailable()
    {
        var live = new GetLiveStatusResponse
        {
            Available = true, SolarPowerW = 4321, GridPowerW = -1500, BatteryPowerW = 250.4, LoadPowerW = 3071.4, StateOfChargePercent = 64.25,
        };
        var states = HaStateMapping.Live(live).ToDictionary(s => s.ObjectId, s => s.Value);
        Assert.Equal("4.321", states[HaEntities.SolarPower]);
        Assert.Equal("-1.5", states[HaEntities.GridPower]);
        Assert.Equal("0.25", states[HaEntities.BatteryPower]);
        Assert.Equal("3.071", states[HaEntities.HomeLoad]);
        Assert.Equal("64.3", states[HaEntities.BatteryLevel]);

        Assert.Empty(HaStateMapping.Live(new GetLiveStatusResponse { Available = false }));
    }

    [Fact]
    public void Settings_OnlyValuesTheControlsOffer()
    {
        var live = new GetLiveStatusResponse { OperationMode = "autonomous", ExportRule = "pv_only", BackupReservePercent = 20 };
        var states = HaStateMapping.Settings(live).ToDictionary(s => s.ObjectId, s => s.Value);
        Assert.Equal("autonomous", states[HaEntities.OperationMode]);
        Assert.Equal("pv_only", states[HaEntities.ExportRule]);
        Assert.Equal("20", states[HaEntities.BackupReserve]);

        Assert.Empty(HaStateMapping.Settings(new GetLiveStatusResponse { OperationMode = "", ExportRule = "weird" }));
    }

    [Fact]
    public void Bill_GivesTheDemandAndCostSensors()
    {
        var bill = new GetBillEstimateResponse
        {
            InDemandWindow = true, CurrentDemandWindow = "peak", DemandCharge = DecimalValue.FromDecimal(41.234m),
            SupplyToDate = DecimalValue.FromDecimal(12.5m), MonthlyFixedCharge = DecimalValue.FromDecimal(10m), Total = DecimalValue.FromDecimal(150.505m),
            CycleFirstDate = "2026-01-01", CycleLastDate = "2026-01-31",
        };
        bill.Demand.Add(new WindowDemand { Name = "peak", PeakKw = 4.25 });
        bill.Demand.Add(new WindowDemand { Name = "shoulder", PeakKw = 2.5 });

        var states = HaStateMapping.Bill(bill).ToDictionary(s => s.ObjectId);
        Assert.Equal("ON", states[HaEntities.InDemandPeriod].Value);
        Assert.Equal("4.25", states[HaEntities.PeakDemand].Value);
        Assert.Equal("peak", (string?)states[HaEntities.PeakDemand].Attributes!["window"]);
        Assert.Equal("41.23", states[HaEntities.DemandCharge].Value);
        Assert.Equal("12.5", states[HaEntities.SupplyToDate].Value);
        Assert.Equal("10", states[HaEntities.MonthlySupply].Value);
        Assert.Equal("150.51", states[HaEntities.TotalCost].Value);
    }

    [Fact]
    public void AutoSync_IsTheSwitchWithTheLastSyncAsAttributes()
    {
        var state = HaStateMapping.AutoSync(
            new SyncSettings { AutoSync = true },
            new GetLastSyncResponse { Last = new SyncOutcome { Status = SyncStatus.Skipped, At = Timestamp.FromDateTimeOffset(Now), Reason = "unchanged" } });
        Assert.Equal("ON", state.Value);
        Assert.Equal("skipped", (string?)state.Attributes!["last_sync_status"]);
        Assert.Equal("unchanged", (string?)state.Attributes["last_sync_reason"]);
        Assert.Equal(Now, DateTimeOffset.Parse((string)state.Attributes["last_sync_time"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SyncPeriod_ASecondClaimInTheSame5Minutes_IsRefused_AReleasedOneOrTheNextPeriodIsNot()
    {
        var memory = new HaCommandMemory();
        var period = new DateTimeOffset(2026, 1, 18, 8, 0, 0, TimeSpan.Zero);
        Assert.True(memory.TryClaimSyncPeriod(period.AddSeconds(10)));
        Assert.False(memory.TryClaimSyncPeriod(period.AddMinutes(4).AddSeconds(59)));
        Assert.True(memory.TryClaimSyncPeriod(period.AddMinutes(5)));

        memory.ReleaseSyncPeriod(period.AddMinutes(5));
        Assert.True(memory.TryClaimSyncPeriod(period.AddMinutes(6)));
    }

    [Fact]
    public void Settings_WhatHomeAssistantSet_IsShownUntilAReadingNewerThanTheCommand()
    {
        var memory = new HaCommandMemory();
        memory.RememberSetting(HaEntities.ExportRule, "never", Now);
        var read = new HaState(HaEntities.ExportRule, "battery_ok");

        Assert.Equal("never", memory.Prefer(read, Now.AddMinutes(-1)).Value);
        Assert.Equal("battery_ok", memory.Prefer(read, Now.AddMinutes(1)).Value);
        Assert.Equal("never", Assert.Single(memory.Unread([])).Value);
        Assert.Empty(memory.Unread([HaEntities.ExportRule]));
    }

    [Fact]
    public void Publisher_SendsOnlyWhatChanged_UnlessAllAreDue()
    {
        var publisher = new HaStatePublisher(Topics);
        HaState[] states = [new(HaEntities.SolarPower, "1.5"), new(HaEntities.CurrentPrice, "0.3", new JsonObject { ["spike_status"] = "none" })];
        var first = publisher.Due(states, all: false);
        Assert.Equal(3, first.Count);
        foreach (var (topic, payload) in first)
        {
            publisher.Sent(topic, payload);
        }

        Assert.Empty(publisher.Due(states, all: false));
        Assert.Equal(3, publisher.Due(states, all: true).Count);
        Assert.Equal(["teslasync/home/solar_power/state"], publisher.Due([new(HaEntities.SolarPower, "1.6"), states[1]], all: false).Select(m => m.Topic));
    }

    private static PriceInterval Interval(PriceChannel channel, IntervalKind kind, DateTimeOffset start, decimal perKwh, decimal spot, SpikeStatus spike = SpikeStatus.None) => new()
    {
        Channel = channel,
        Kind = kind,
        Start = Timestamp.FromDateTimeOffset(start),
        End = Timestamp.FromDateTimeOffset(start.AddMinutes(5)),
        PerKwh = DecimalValue.FromDecimal(perKwh),
        SpotPerKwh = DecimalValue.FromDecimal(spot),
        SpikeStatus = spike,
    };
}
