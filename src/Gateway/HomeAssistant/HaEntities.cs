namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// Every entity of one site's device (SPEC §8). Object ids are those users of the original tool have in
/// their automations. Units follow Home Assistant's rules: power in kW with <c>device_class: power</c>,
/// money as <c>AUD</c> with <c>monetary</c>/<c>total</c>, and prices in <c>AUD/kWh</c> without a device
/// class (no HA device class takes a price per kWh; HA's own Amber integration does the same).
/// </summary>
internal static class HaEntities
{
    public const string CurrentPrice = "current_electricity_price";
    public const string FeedInPrice = "feed_in_price";
    public const string SolarPower = "solar_power";
    public const string GridPower = "grid_power";
    public const string BatteryPower = "battery_power";
    public const string HomeLoad = "home_load";
    public const string BatteryLevel = "battery_level";
    public const string InDemandPeriod = "in_demand_charge_period";
    public const string PeakDemand = "peak_demand_this_cycle";
    public const string DemandCharge = "estimated_demand_charge_cost";
    public const string SupplyToDate = "daily_supply_charge_cost_this_month";
    public const string MonthlySupply = "monthly_supply_charge";
    public const string TotalCost = "total_estimated_monthly_cost";
    public const string AutoSync = "auto_sync_tou_schedule";
    public const string SyncTouSchedule = "sync_tou_schedule";
    public const string RefreshData = "sync_now";
    public const string OperationMode = "operation_mode";
    public const string ExportRule = "export_rule";
    public const string BackupReserve = "backup_reserve";

    /// <summary>Tesla's <c>default_real_mode</c> values, as the select offers them.</summary>
    public static IReadOnlyList<string> OperationModes { get; } = ["self_consumption", "autonomous", "backup"];

    /// <summary>Tesla's <c>customer_preferred_export_rule</c> values.</summary>
    public static IReadOnlyList<string> ExportRules { get; } = ["never", "pv_only", "battery_ok"];

    public static IReadOnlyList<HaEntity> All { get; } =
    [
        Price(CurrentPrice, "Current electricity price"),
        Price(FeedInPrice, "Feed-in price"),
        Power(SolarPower, "Solar power", "mdi:solar-power"),
        Power(GridPower, "Grid power", "mdi:transmission-tower"),
        Power(BatteryPower, "Battery power", "mdi:home-battery"),
        Power(HomeLoad, "Home load", "mdi:home-lightning-bolt"),
        new(HaComponent.Sensor, BatteryLevel, "Battery level")
        {
            DeviceClass = "battery", StateClass = "measurement", Unit = "%", DisplayPrecision = 0,
        },
        new(HaComponent.BinarySensor, InDemandPeriod, "In demand charge period") { Icon = "mdi:clock-alert-outline", HasAttributes = true },
        Power(PeakDemand, "Peak demand this cycle", "mdi:chart-bell-curve-cumulative") with { HasAttributes = true },
        Money(DemandCharge, "Estimated demand charge cost"),
        Money(SupplyToDate, "Daily supply charge cost this month"),
        Money(MonthlySupply, "Monthly supply charge"),
        Money(TotalCost, "Total estimated monthly cost") with { HasAttributes = true },
        new(HaComponent.Switch, AutoSync, "Auto-sync TOU schedule") { Icon = "mdi:sync", HasAttributes = true },
        new(HaComponent.Button, SyncTouSchedule, "Sync TOU schedule now") { Icon = "mdi:calendar-sync" },
        new(HaComponent.Button, RefreshData, "Refresh data now") { Icon = "mdi:refresh" },
        new(HaComponent.Select, OperationMode, "Operation mode") { Icon = "mdi:home-battery-outline", EntityCategory = "config", Options = OperationModes },
        new(HaComponent.Select, ExportRule, "Export rule") { Icon = "mdi:transmission-tower-export", EntityCategory = "config", Options = ExportRules },
        new(HaComponent.Number, BackupReserve, "Backup reserve")
        {
            Icon = "mdi:battery-lock", EntityCategory = "config", Unit = "%", Range = new NumberRange(0, 100, 1),
        },
    ];

    public static HaEntity? Find(string objectId) => All.FirstOrDefault(entity => entity.ObjectId == objectId);

    private static HaEntity Price(string objectId, string name) =>
        new(HaComponent.Sensor, objectId, name) { StateClass = "measurement", Unit = "AUD/kWh", DisplayPrecision = 4, Icon = "mdi:cash", HasAttributes = true };

    private static HaEntity Power(string objectId, string name, string icon) =>
        new(HaComponent.Sensor, objectId, name) { DeviceClass = "power", StateClass = "measurement", Unit = "kW", DisplayPrecision = 2, Icon = icon };

    private static HaEntity Money(string objectId, string name) =>
        new(HaComponent.Sensor, objectId, name) { DeviceClass = "monetary", StateClass = "total", Unit = "AUD", DisplayPrecision = 2 };
}
