using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync.Overrides;

// In the service's root namespace, so ApplicationServiceExtensions needs no extra using.
namespace TeslaSync.TariffSync;

internal static class OverrideServiceExtensions
{
    /// <summary>
    /// Registers the overrides: their own SQLite database "overrides", the tariff guard the price
    /// sync consults, the controller, and the background pass that expires and retries.
    /// Needs the sync services (SyncGate, TeslaSiteResolver, PowerwallTariffWriter, SyncLog, TariffProfileStore).
    /// </summary>
    public static void AddTariffOverrides(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TariffOverrideOptions>().BindConfiguration(TariffOverrideOptions.SectionName)
            .Validate(o => o.SpikeSellPerKwh is > 0m and <= OverrideTariffs.MaxRatePerKwh,
                $"TariffOverrides:SpikeSellPerKwh must be above 0 and at most {OverrideTariffs.MaxRatePerKwh}.")
            .Validate(o => o.ForceDischargeSellPerKwh is > 0m and <= OverrideTariffs.MaxRatePerKwh,
                $"TariffOverrides:ForceDischargeSellPerKwh must be above 0 and at most {OverrideTariffs.MaxRatePerKwh}.")
            .Validate(o => o.BuyAboveSellPerKwh > 0m, "TariffOverrides:BuyAboveSellPerKwh must be above 0 (buy must exceed every sell).")
            .Validate(o => o.ForceChargeBuyPerKwh >= 0m && o.ForceChargeOutsideBuyPerKwh > o.ForceChargeBuyPerKwh,
                "TariffOverrides: ForceChargeBuyPerKwh must be 0 or more and below ForceChargeOutsideBuyPerKwh.")
            .Validate(o => o.CheckEvery > TimeSpan.Zero, "TariffOverrides:CheckEvery must be positive.")
            .ValidateOnStart();

        builder.AddSqliteDbContext<OverrideDbContext>("overrides");
        builder.Services.AddScoped<OverrideStore>();
        builder.Services.AddScoped<PowerwallSettingWriter>();
        builder.Services.AddScoped<TariffOverrideController>();
        builder.Services.AddScoped<ITariffOverrideGuard, OverrideTariffGuard>();
        builder.Services.AddHostedService<OverrideMaintenanceService>();
    }
}
