using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Integrations.Aemo;
using TeslaSync.Integrations.Amber;
using TeslaSync.Integrations.Tesla;

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

    public static ITeslaEnergyClient Tesla(FakeHttpHandler handler, string? token = TeslaToken)
    {
        var services = new ServiceCollection();
        services.AddTeslaClient(o => o.AccessToken = token).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<ITeslaEnergyClient>();
    }

    public static IAemoClient Aemo(FakeHttpHandler handler)
    {
        var services = new ServiceCollection();
        services.AddAemoClient(_ => { }).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<IAemoClient>();
    }
}
