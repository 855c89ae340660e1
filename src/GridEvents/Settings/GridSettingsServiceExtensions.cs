using Microsoft.Extensions.Options;
using TeslaSync.GridEvents.Curtailment;
using TeslaSync.GridEvents.DemandWindow;
using TeslaSync.GridEvents.Spike;
using TeslaSync.GridEvents.Storage;

namespace TeslaSync.GridEvents.Settings;

internal static class GridSettingsServiceExtensions
{
    /// <summary>The user's settings, stored in the database and laid over the configured options.</summary>
    public static IServiceCollection AddGridSettings(this IServiceCollection services)
    {
        services.AddSingleton<StoredGridSettings>();
        services.AddScoped<GridSettingsManager>();
        AddSource<SpikeOptions>(services);
        AddSource<CurtailmentOptions>(services);
        AddSource<DemandWindowOptions>(services);
        return services;
    }

    /// <summary>Loads the stored settings before the machines first read their options (after the migration).</summary>
    public static async Task LoadGridSettingsAsync(this IHost app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await GridSettingsManager.ReloadAsync(
            scope.ServiceProvider.GetRequiredService<GridEventsDbContext>(), app.Services.GetRequiredService<StoredGridSettings>(), CancellationToken.None);
    }

    private static void AddSource<TOptions>(IServiceCollection services)
        where TOptions : class
    {
        services.AddSingleton<StoredGridSettingsSource<TOptions>>();
        services.AddSingleton<IPostConfigureOptions<TOptions>>(sp => sp.GetRequiredService<StoredGridSettingsSource<TOptions>>());
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp => sp.GetRequiredService<StoredGridSettingsSource<TOptions>>());
    }
}
