using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber;
using TeslaSync.PriceIngest.Accounts;
using TeslaSync.PriceIngest.Prices;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.ServiceDefaults;
using TeslaSync.ServiceDefaults.Secrets;

namespace TeslaSync.PriceIngest;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName);
        builder.Services.AddOptions<PricePollingOptions>().BindConfiguration(PricePollingOptions.SectionName)
            .Validate(o => o.DelayAfterBoundary >= TimeSpan.Zero && o.DelayAfterBoundary < PricePollingOptions.Period,
                "PricePolling:DelayAfterBoundary must be between 0 and 5 minutes.")
            .ValidateOnStart();

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus();
        builder.AddSqliteDbContext<PriceDbContext>("prices");

        builder.Services.AddAmberClient(builder.Configuration);

        // PriceIngest owns the Amber credentials: a token entered on the settings page is stored here,
        // encrypted, and put over the configured one without a restart.
        builder.Services.AddDataProtection()
            .SetApplicationName("TeslaSync.PriceIngest")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.GetDataDirectory(), "keys")));
        builder.Services.AddStoredSecret<AmberTokenStore, AmberOptions>((options, token) => options.ApiToken = token);
        builder.Services.AddScoped<SiteSettingsStore>();
        builder.Services.AddScoped<AmberSettings>();
        builder.Services.AddSingleton<AmberSiteResolver>();
        builder.Services.AddOptions<PriceStorageOptions>().BindConfiguration(PriceStorageOptions.SectionName)
            .Validate(o => o.SnapshotRetentionDays >= 0 && o.HistoryRetentionDays >= 0, "PriceStorage retention days must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<PriceSnapshotStore>();
        builder.Services.AddScoped<PriceHistoryStore>();
        builder.Services.AddScoped<SiteChoiceStore>();
        builder.Services.AddHostedService<PriceRetentionService>();
        builder.Services.AddSingleton<RefreshGate>();
        builder.Services.AddSingleton<AmberForecastCache>();
        builder.Services.AddSingleton<AmberPushListener>();
        builder.Services.AddScoped<PriceRefresher>();
        builder.Services.AddHostedService<PricePollingService>();
        builder.AddAemoIngestion();
    }
}
