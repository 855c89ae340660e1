using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeslaSync.Domain.Time;
using TeslaSync.Simulator.Aemo;
using TeslaSync.Simulator.Amber;
using TeslaSync.Simulator.Control;
using TeslaSync.Simulator.Market;
using TeslaSync.Simulator.Tesla;

namespace TeslaSync.Simulator;

/// <summary>
/// Builds the simulator. Program.cs runs it; tests and the AppHost can host it in-process:
/// <code>
/// var app = SimulatorApp.Build(["--urls", "http://127.0.0.1:0"], s => s.AddSingleton&lt;TimeProvider&gt;(fake));
/// await app.StartAsync();
/// var baseAddress = app.Urls.First();
/// </code>
/// Endpoints come from the usual ASP.NET Core sources: <c>--urls</c>, <c>ASPNETCORE_URLS</c> or
/// <c>Kestrel__Endpoints__http__Url</c> (what the launcher passes).
/// </summary>
public static class SimulatorApp
{
    /// <summary>The most energy sites one simulated account may have (<c>Simulator:Tesla:SiteCount</c>).</summary>
    public const int MaxSiteCount = 10_000;

    /// <summary>The longest steady Tesla latency (<c>Simulator:Tesla:LatencyMs</c>), as for a scripted latency fault.</summary>
    public const int MaxLatencyMs = 120_000;

    /// <param name="args">Command-line arguments; also accepts configuration such as <c>--Simulator:Amber:Region=VIC1</c>.</param>
    /// <param name="configure">Runs after the simulator's registrations, so it can replace them (e.g. <see cref="TimeProvider"/>).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Pin the application name: when hosted inside a test assembly the default would be that assembly.
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
        });

        AddSimulator(builder.Services, builder.Configuration);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        // The Powerwall starts with the simulator (its energy counters count from then), not at the first request.
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<PowerwallModel>());
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseTeslaTraffic();
        app.MapControlEndpoints();
        app.MapAmberEndpoints();
        app.MapAmberControls();
        app.MapAmberWebSocket();
        app.MapTeslaEndpoints();
        app.MapAemoEndpoints();
        return app;
    }

    private static void AddSimulator(IServiceCollection services, IConfiguration configuration)
    {
        // Clock:Start/Speed/Anchor (a replay): the same settings as every service, so all agree on "now".
        services.TryAddSingleton(ClockSettings.Create(ClockSettings.Read(key => configuration[key], TimeProvider.System.GetUtcNow()), TimeProvider.System));

        services.AddOptions<AmberOptions>().Bind(configuration.GetSection(AmberOptions.Section))
            .Validate(o => MarketPriceSeries.IsRegion(o.Region), "Simulator:Amber:Region must be NSW1, QLD1, VIC1, SA1 or TAS1.")
            .Validate(o => o.IntervalLength is 5 or 30, "Simulator:Amber:IntervalLength must be 5 or 30.")
            .Validate(o => o.SiteId.Length == 26, "Simulator:Amber:SiteId must be a 26-character ULID.")
            .Validate(o => !string.IsNullOrEmpty(o.ApiToken), "Simulator:Amber:ApiToken must not be empty.")
            .Validate(o => o.PushDelaySeconds is >= 0 and < 300, "Simulator:Amber:PushDelaySeconds must be in [0, 300).")
            .Validate(o => RateLimitParses(o.RateLimitPolicy), "Simulator:Amber:RateLimitPolicy must look like '50;w=300'.")
            .ValidateOnStart();
        services.AddOptions<TeslaOptions>().Bind(configuration.GetSection(TeslaOptions.Section))
            .Validate(o => !string.IsNullOrEmpty(o.AccessToken), "Simulator:Tesla:AccessToken must not be empty.")
            .Validate(o => !string.IsNullOrEmpty(o.ClientId) && !string.IsNullOrEmpty(o.ClientSecret), "Simulator:Tesla:ClientId and ClientSecret must not be empty.")
            .Validate(o => o.AccessTokenLifetimeSeconds > 0, "Simulator:Tesla:AccessTokenLifetimeSeconds must be positive.")
            .Validate(o => !string.IsNullOrEmpty(o.Region), "Simulator:Tesla:Region must not be empty.")
            .Validate(o => o.RateLimit.DataReadsPerWindow >= 0 && o.RateLimit.CommandsPerWindow >= 0 &&
                           o.RateLimit.DataWindowSeconds >= 1 && o.RateLimit.CommandWindowSeconds >= 1,
                "Simulator:Tesla:RateLimit limits must be >= 0 and windows >= 1 s.")
            .Validate(o => o.SiteCount is >= 1 and <= MaxSiteCount, $"Simulator:Tesla:SiteCount must be 1-{MaxSiteCount}.")
            .Validate(o => o.LatencyMs is >= 0 and <= MaxLatencyMs, $"Simulator:Tesla:LatencyMs must be 0-{MaxLatencyMs}.")
            .Validate(o => o.BatteryCount is >= 1 and <= 10, "Simulator:Tesla:BatteryCount must be 1-10.")
            .Validate(o => o.EnergyPerBatteryWh > 0 && o.PowerPerBatteryW > 0, "Simulator:Tesla:EnergyPerBatteryWh and PowerPerBatteryW must be positive.")
            .Validate(o => o.RoundTripEfficiency is > 0 and <= 1, "Simulator:Tesla:RoundTripEfficiency must be in (0, 1].")
            .Validate(o => o.InitialStateOfChargePercent is >= 0 and <= 100, "Simulator:Tesla:InitialStateOfChargePercent must be 0-100.")
            .Validate(o => o.ReactionDelaySeconds is >= 0 and <= 3600, "Simulator:Tesla:ReactionDelaySeconds must be 0-3600.")
            .Validate(o => o.SolarPeakWatts >= 0, "Simulator:Tesla:SolarPeakWatts must not be negative.")
            .Validate(o => string.IsNullOrEmpty(o.InstallationTimeZone) || TimeZoneKnown(o.InstallationTimeZone),
                "Simulator:Tesla:InstallationTimeZone must be an IANA time zone.")
            .ValidateOnStart();

        services.AddOptions<ReplayOptions>().Bind(configuration.GetSection(ReplayOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.File) || System.IO.File.Exists(o.File), "Simulator:Replay:File must name an existing file.")
            .ValidateOnStart();
        services.AddSingleton(sp => LoadPrices(sp.GetRequiredService<IOptions<ReplayOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<AmberPriceModel>();
        services.AddSingleton(sp => new AmberRateLimit(sp.GetRequiredService<IOptions<AmberOptions>>().Value.RateLimitPolicy));
        services.AddSingleton<AmberRequestLog>();
        services.AddSingleton<AmberResponder>();
        services.AddSingleton<AmberWebSocketStats>();
        services.AddSingleton<AmberWebSocketSettings>();
        services.AddSingleton<AmberFaultQueue>();
        services.AddSingleton(sp => new TeslaSiteState(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TeslaSites>();
        services.AddSingleton<TeslaOAuthServer>();
        services.AddSingleton<TeslaFaultQueue>();
        services.AddSingleton<TeslaRateLimiter>();
        services.AddSingleton<TeslaRequestLog>();
        services.AddSingleton(sp => new PowerwallModel(
            sp.GetRequiredService<IOptions<TeslaOptions>>().Value, sp.GetRequiredService<TeslaSiteState>(), sp.GetRequiredService<TimeProvider>()));
    }

    private static MarketPriceSeries LoadPrices(ReplayOptions replay, ILoggerFactory loggers)
    {
        var week = MarketPriceSeries.LoadEmbedded();
        if (string.IsNullOrWhiteSpace(replay.File))
        {
            return week;
        }

        var day = ReplayDay.Load(replay.File);
        loggers.CreateLogger(typeof(SimulatorApp)).LogInformation(
            "Replaying {Date} ({Regions}) from {File}; {Missing} missing interval(s) take the price before them",
            day.Date, string.Join(", ", day.Regions), replay.File, day.MissingIntervals);
        return week.WithReplay(day);
    }

    private static bool RateLimitParses(string policy)
    {
        try
        {
            return new AmberRateLimit(policy).Limit > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TimeZoneKnown(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
