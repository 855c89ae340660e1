using Microsoft.Extensions.DependencyInjection;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;
using GridEventsClient = TeslaSync.Contracts.GridEvents.V1.GridEvents.GridEventsClient;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffOverridesClient = TeslaSync.Contracts.TariffSync.V1.TariffOverrides.TariffOverridesClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TelemetryClient = TeslaSync.Contracts.Telemetry.V1.Telemetry.TelemetryClient;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>The Gateway on a test server with a <see cref="FakeBackend"/> behind each service's client.</summary>
internal static class GatewayHost
{
    public static ServiceFactory<GatewayAssembly> WithFakes(
        FakeBackend? priceIngest = null,
        FakeBackend? tariffSync = null,
        FakeBackend? gridEvents = null,
        FakeBackend? telemetry = null,
        IDictionary<string, string>? settings = null,
        TimeProvider? clock = null,
        FakeBackend? tariffOverrides = null)
    {
        var all = UnreachableServices();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return new ServiceFactory<GatewayAssembly>(all, services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            if (priceIngest is not null)
            {
                services.AddSingleton(new PriceIngestClient(priceIngest));
            }

            if (tariffSync is not null)
            {
                services.AddSingleton(new TariffSyncClient(tariffSync));
            }

            if (gridEvents is not null)
            {
                services.AddSingleton(new GridEventsClient(gridEvents));
            }

            if (telemetry is not null)
            {
                services.AddSingleton(new TelemetryClient(telemetry));
            }

            if (tariffOverrides is not null)
            {
                services.AddSingleton(new TariffOverridesClient(tariffOverrides));
            }
        });
    }

    /// <summary>Every service announced at a loopback port where nothing listens.</summary>
    public static Dictionary<string, string> UnreachableServices()
    {
        var settings = new Dictionary<string, string>();
        foreach (var service in new[] { "priceingest", "tariffsync", "gridevents", "telemetry" })
        {
            settings[$"services:{service}:http:0"] = $"http://127.0.0.1:{FreePort.Next()}";
            settings[$"services:{service}:health:0"] = $"http://127.0.0.1:{FreePort.Next()}";
        }

        return settings;
    }
}
