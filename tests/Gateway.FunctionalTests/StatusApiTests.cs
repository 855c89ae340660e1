using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.ServiceTesting;
using TeslaSync.TestSupport;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;
using PriceIngestAssembly = TeslaSync.PriceIngest.ServiceAssembly;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffSyncAssembly = TeslaSync.TariffSync.ServiceAssembly;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Gateway.FunctionalTests;

public sealed class StatusApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetStatus_EveryServiceDown_StillAnswersAndSaysWhatIsWrong()
    {
        await using var gateway = new ServiceFactory<GatewayAssembly>(UnreachableServices());
        using var http = await gateway.CreateSignedInClientAsync();

        var status = await http.GetFromJsonAsync<JsonObject>("/api/status", TestContext.Current.CancellationToken);

        Assert.Null(status!["prices"]);
        Assert.Equal("PriceIngest is not reachable.", (string?)status["pricesError"]);
        Assert.Equal("TariffSync is not reachable.", (string?)status["lastSyncError"]);
        Assert.Equal("unreachable", (string?)status["services"]!["priceingest"]);
        Assert.Equal("unreachable", (string?)status["services"]!["tariffsync"]);
        Assert.Equal("healthy", (string?)status["services"]!["gateway"]);
        Assert.False((bool)status["demoMode"]!);
    }

    [Fact]
    public async Task GetStatus_AfterAPriceUpdateAndSync_ShowsPricesAndTheSucceededSync()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var serviceSettings = new Dictionary<string, string>(simulator.ServiceSettings) { ["ConnectionStrings:redis"] = redis.ConnectionString };
        await using var tariffSync = new ServiceFactory<TariffSyncAssembly>(serviceSettings);
        _ = tariffSync.Server;
        await using var priceIngest = new ServiceFactory<PriceIngestAssembly>(serviceSettings);
        var gatewaySettings = UnreachableServices();
        gatewaySettings["TeslaSync:DemoMode"] = "true";
        await using var gateway = new ServiceFactory<GatewayAssembly>(gatewaySettings, services =>
        {
            // The gateway's gRPC calls go to the services on their test servers.
            services.AddSingleton(new PriceIngestClient(priceIngest.CreateGrpcChannel()));
            services.AddSingleton(new TariffSyncClient(tariffSync.CreateGrpcChannel()));
        });
        using var http = await gateway.CreateSignedInClientAsync();

        var status = await Eventually.GetAsync(async () =>
        {
            var body = await http.GetFromJsonAsync<JsonObject>("/api/status");
            return (string?)body?["lastSync"]?["status"] == "succeeded" ? body : null;
        }, Patience, "a status showing a succeeded sync");

        Assert.True((bool)status["demoMode"]!);
        Assert.Null(status["lastSync"]!["reason"]);
        var current = status["prices"]!["current"]!;
        Assert.True((decimal)current["buyPerKwh"]! > 0m);
        Assert.NotNull(current["sellPerKwh"]);
        Assert.Equal(6, status["prices"]!["upcoming"]!.AsArray().Count);

        // The succeeded sync is the one the simulated Powerwall received.
        Assert.Single(await simulator.TariffUploadsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ServiceHealthRoute_ProxiesToTheServicesHealthEndpoint()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var settings = UnreachableServices();
        settings["services:priceingest:health:0"] = simulator.BaseAddress.ToString().TrimEnd('/');
        await using var gateway = new ServiceFactory<GatewayAssembly>(settings);
        using var http = gateway.CreateClient();

        using var healthy = await http.GetAsync(new Uri("/services/priceingest/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var down = await http.GetAsync(new Uri("/services/tariffsync/health", UriKind.Relative), TestContext.Current.CancellationToken);
        using var other = await http.GetAsync(new Uri("/services/priceingest/secrets", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Root_ServesTheDashboardPage()
    {
        await using var gateway = new ServiceFactory<GatewayAssembly>(UnreachableServices());
        using var http = gateway.CreateClient();

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("<title>TeslaSync</title>", page, StringComparison.Ordinal);
        Assert.Contains("app.js", page, StringComparison.Ordinal);
    }

    /// <summary>Every service announced at a loopback port where nothing listens.</summary>
    private static Dictionary<string, string> UnreachableServices()
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
