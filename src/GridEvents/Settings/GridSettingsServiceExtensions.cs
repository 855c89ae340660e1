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
        var stored = app.Services.GetRequiredService<StoredGridSettings>();
        await GridSettingsManager.ReloadAsync(scope.ServiceProvider.GetRequiredService<GridEventsDbContext>(), stored, CancellationToken.None);

        // The configuration may have changed since the user saved (say, a higher curtail level than the saved
        // restore level). Refusing to start would leave spikes and negative prices unhandled, so the configured
        // values win until the user saves again; the stored rows are kept, and the reason is logged.
        var configured = GridOptions.FromConfiguration(app.Services.GetRequiredService<IConfiguration>());
        var problems = GridSettingsCatalog.Problems(GridSettingsCatalog.Apply(configured, stored.Values)).ToList();
        if (problems.Count > 0)
        {
            stored.Replace(new Dictionary<string, string>());
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GridSettingsManager)).LogWarning(
                "The saved settings no longer fit the configuration ({Problems}); using the configured values until the settings are saved again",
                string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")));
        }
    }

    private static void AddSource<TOptions>(IServiceCollection services)
        where TOptions : class
    {
        services.AddSingleton<StoredGridSettingsSource<TOptions>>();
        services.AddSingleton<IPostConfigureOptions<TOptions>>(sp => sp.GetRequiredService<StoredGridSettingsSource<TOptions>>());
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp => sp.GetRequiredService<StoredGridSettingsSource<TOptions>>());
    }
}
