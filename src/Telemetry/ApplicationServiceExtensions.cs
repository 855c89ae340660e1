using TeslaSync.EventBus;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;
using TeslaSync.ServiceDefaults;
using TeslaSync.Telemetry.LiveStatus;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Telemetry;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName);
        builder.Services.AddOptions<LiveStatusOptions>().BindConfiguration(LiveStatusOptions.SectionName)
            .Validate(o => o.SampleEvery >= LiveStatusOptions.Fastest, "LiveStatus:SampleEvery must be at least 30 seconds.")
            .ValidateOnStart();

        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus();

        // Reads only, with tokens TariffSync hands over (it owns the Tesla account and alone refreshes it).
        builder.Services.AddSingleton<ITeslaAccessTokenSource, TariffSyncTeslaTokenSource>();
        builder.Services.AddTeslaClient(builder.Configuration);
        builder.Services.AddGrpcClient<TariffSyncClient>(o => o.Address = new Uri($"http://{ResourceNames.TariffSync}"));
        builder.Services.AddSingleton<ApiUsageReporter>();
        builder.Services.AddSingleton<LatestLiveStatus>();
        builder.Services.AddHostedService<LiveStatusSampler>();
    }
}
