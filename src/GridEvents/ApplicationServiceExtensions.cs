using TeslaSync.EventBus;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName);
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddRedisEventBus();
        builder.Services.AddSingleton<GridState>();
    }
}
