using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;
using Microsoft.AspNetCore.DataProtection;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.ServiceDefaults.Secrets;
using TeslaSync.TariffSync.Account;
using TeslaSync.TariffSync.Budget;
using TeslaSync.TariffSync.Profiles;
using TeslaSync.TariffSync.Storage;
using TeslaSync.TariffSync.Sync;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;

namespace TeslaSync.TariffSync;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName);
        builder.Services.AddOptions<TariffSyncOptions>().BindConfiguration(TariffSyncOptions.SectionName)
            .Validate(o => o.MaterialChangePerKwh >= 0, "TariffSync:MaterialChangePerKwh must not be negative.")
            .Validate(o => o.MaxMissingValues is >= 0 and <= 96, "TariffSync:MaxMissingValues must be 0–96.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IValidateOptions<TariffSyncOptions>, TariffSyncOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<TariffSyncOptions>, AdditionalSitesValidator>();

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus()
            .AddSubscription<PricesUpdated, PricesUpdatedHandler>();
        builder.AddSqliteDbContext<TariffDbContext>("tariffs");

        builder.Services.AddOptions<ApiBudgetOptions>().BindConfiguration(ApiBudgetOptions.SectionName)
            .Validate(o => o.MonthlyCeiling >= 0, "ApiBudget:MonthlyCeiling must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<ApiUsageStore>();
        builder.Services.AddScoped<ApiBudgetService>();
        builder.Services.AddTransient<TeslaCallCounter>();

        // TariffSync owns the Tesla account: its tokens are stored here, encrypted, and only here refreshed.
        builder.Services.AddDataProtection()
            .SetApplicationName("TeslaSync.TariffSync")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.GetDataDirectory(), "keys")));
        builder.Services.AddSingleton<ITeslaTokenStore, EncryptedTeslaTokenStore>();
        builder.Services.AddSingleton<PendingSignIns>();
        builder.Services.AddSingleton<TeslaAccountManager>();
        // A token entered on the settings page is stored here too, checked with Tesla through the usual client
        // (registered before AddTeslaClient, so it replaces the default token source), and used without a restart.
        builder.Services.AddStoredSecret<TeslaAccessTokenStore, TeslaOptions>((options, token) => options.AccessToken = token);
        builder.Services.AddSingleton<ITeslaAccessTokenSource, CheckingTeslaAccessTokenSource>();
        builder.Services.AddTeslaClient(builder.Configuration).AddHttpMessageHandler<TeslaCallCounter>();
        builder.Services.AddScoped<SiteSettings>();
        builder.Services.AddGrpcClient<PriceIngestClient>(o => o.Address = new Uri($"http://{ResourceNames.PriceIngest}"));

        builder.Services.AddSingleton<TeslaSiteResolver>();
        builder.Services.AddSingleton<ControlledSites>();
        builder.Services.AddSingleton<SyncGate>();
        builder.Services.AddSingleton<SyncGates>();
        builder.Services.AddSingleton<SitesSync>();
        builder.Services.AddSingleton<ReadBackSchedule>();
        builder.Services.AddScoped<SyncLog>();
        builder.Services.AddSingleton<LatestSyncTimes>();
        builder.Services.AddScoped<SiteSettingsStore>();
        builder.Services.AddScoped<PowerwallTariffWriter>();
        builder.Services.AddScoped<TariffProfileStore>();
        builder.Services.AddScoped<TariffProfiles>();
        builder.Services.AddScoped<TariffSyncer>();
        builder.Services.AddScoped<CurrentPriceSync>();
        builder.Services.AddSingleton<DetachedSync>();
        builder.Services.AddHostedService<MissedUpdateSyncService>();
        builder.AddTariffOverrides();
    }
}
