using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Integrations.Aemo;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;

namespace TeslaSync.Integrations.UnitTests.Support;

/// <summary>Builds each client through its real DI registration, with the fake handler as the primary handler.</summary>
internal static class Clients
{
    public const string AmberToken = "psk_test_token";
    public const string TeslaToken = "tesla_test_token";

    public static IAmberClient Amber(FakeHttpHandler handler, string? token = AmberToken)
    {
        var services = new ServiceCollection();
        services.AddAmberClient(o => o.ApiToken = token).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<IAmberClient>();
    }

    /// <summary>The Fleet client with a static token and no retries: for envelope and mapping tests.</summary>
    public static ITeslaEnergyClient Tesla(FakeHttpHandler handler, string? token = TeslaToken) =>
        TeslaServices(handler, o =>
        {
            o.AccessToken = token;
            o.Resilience.MaxRetryAttempts = 0;
        }).GetRequiredService<ITeslaEnergyClient>();

    /// <summary>
    /// The full Tesla registration with fakes: <paramref name="api"/> serves the API, <paramref name="oauth"/> the
    /// token endpoint, <paramref name="store"/> holds tokens, <paramref name="time"/> drives retries and expiry.
    /// </summary>
    public static ServiceProvider TeslaServices(FakeHttpHandler api, Action<TeslaOptions> configure, TimeProvider? time = null,
        FakeHttpHandler? oauth = null, ITeslaTokenStore? store = null, Action<IHttpClientBuilder>? extend = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (store is not null)
        {
            services.AddSingleton(store);
        }

        var builder = services.AddTeslaClient(configure).ConfigurePrimaryHttpMessageHandler(() => api);
        extend?.Invoke(builder);
        if (oauth is not null)
        {
            services.AddHttpClient(TeslaOAuthClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => oauth);
        }

        return services.BuildServiceProvider();
    }

    public static IAemoClient Aemo(FakeHttpHandler handler)
    {
        var services = new ServiceCollection();
        services.AddAemoClient(_ => { }).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<IAemoClient>();
    }
}
