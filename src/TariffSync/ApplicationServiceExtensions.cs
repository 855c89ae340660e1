using TeslaSync.Contracts.Events;
using TeslaSync.EventBus;
using TeslaSync.Integrations.Tesla;
using TeslaSync.ServiceDefaults;
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

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus()
            .AddSubscription<PricesUpdated, PricesUpdatedHandler>();
        builder.AddSqliteDbContext<TariffDbContext>("tariffs");

        builder.Services.AddTeslaClient(builder.Configuration);
        builder.Services.AddGrpcClient<PriceIngestClient>(o => o.Address = new Uri($"http://{ResourceNames.PriceIngest}"));

        builder.Services.AddSingleton<TeslaSiteResolver>();
        builder.Services.AddSingleton<SyncGate>();
        builder.Services.AddScoped<SyncLog>();
        builder.Services.AddScoped<TariffSyncer>();
        builder.Services.AddScoped<CurrentPriceSync>();
        builder.Services.AddHostedService<MissedUpdateSyncService>();
    }
}
