using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.ServiceTesting;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.TestSupport;
using TariffSyncAssembly = TeslaSync.TariffSync.ServiceAssembly;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Telemetry.FunctionalTests;

public sealed class TelemetryServiceTests : IAsyncLifetime
{
    /// <summary>Midday in Adelaide, so the simulated solar is producing.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.FromHours(10.5)));
    private RedisServer _redis = null!;
    private SimulatorServer _simulator = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorServer.StartAsync(_time);
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task GetLiveStatus_AfterTheFirstSample_ReturnsWhatThePowerwallReported()
    {
        await using var telemetry = StartTelemetry(_simulator.ServiceSettings);
        var client = new Contracts.Telemetry.V1.Telemetry.TelemetryClient(telemetry.CreateGrpcChannel());

        var live = await Eventually.GetAsync(async () =>
        {
            var response = await client.GetLiveStatusAsync(new GetLiveStatusRequest());
            return response.Available ? response : null;
        }, TimeSpan.FromSeconds(30), "the first live-status sample");

        var reported = await PowerwallLiveStatusAsync();
        Assert.Equal((double)reported["solar_power"]!, live.SolarPowerW);
        Assert.Equal((double)reported["battery_power"]!, live.BatteryPowerW);
        Assert.Equal((double)reported["grid_power"]!, live.GridPowerW);
        Assert.Equal((double)reported["load_power"]!, live.LoadPowerW);
        Assert.Equal((double)reported["percentage_charged"]!, live.StateOfChargePercent);
        Assert.Equal((string?)reported["grid_status"], live.GridStatus);
        Assert.True(live.SolarPowerW > 0, "At midday the simulated panels produce.");
    }

    [Fact]
    public async Task GetLiveStatus_SiteInfoRead_CarriesTheExportRuleAndFirmwareThePowerwallReports()
    {
        // Not the simulator's default (battery_ok), so the value can only have come from the read.
        await PowerwallCommandAsync("grid_import_export", new JsonObject { ["customer_preferred_export_rule"] = "pv_only" });
        await using var telemetry = StartTelemetry(_simulator.ServiceSettings);
        var client = new Contracts.Telemetry.V1.Telemetry.TelemetryClient(telemetry.CreateGrpcChannel());

        var first = await Eventually.GetAsync(async () =>
        {
            var response = await client.GetLiveStatusAsync(new GetLiveStatusRequest());
            return response.Available ? response : null;
        }, TimeSpan.FromSeconds(30), "the first live-status sample");

        var siteInfo = await PowerwallGetAsync("site_info");
        Assert.Equal("pv_only", first.ExportRule);
        Assert.Equal((string?)siteInfo["components"]!["customer_preferred_export_rule"], first.ExportRule);
        Assert.False(string.IsNullOrEmpty(first.FirmwareVersion));
        Assert.Equal((string?)siteInfo["version"], first.FirmwareVersion);
        Assert.NotNull(first.SettingsReadAt);

        // The rule changes on the Powerwall: samples keep the last read value until site_info is next due (30 minutes).
        await PowerwallCommandAsync("grid_import_export", new JsonObject { ["customer_preferred_export_rule"] = "never" });
        _time.Advance(TimeSpan.FromSeconds(30));
        var beforeDue = await Eventually.GetAsync(async () =>
        {
            var response = await client.GetLiveStatusAsync(new GetLiveStatusRequest());
            return response.SampledAt.ToDateTimeOffset() > first.SampledAt.ToDateTimeOffset() ? response : null;
        }, TimeSpan.FromSeconds(30), "a second sample, before site_info is due again");
        Assert.Equal("pv_only", beforeDue.ExportRule);
        Assert.Equal(first.SettingsReadAt, beforeDue.SettingsReadAt);

        _time.Advance(TimeSpan.FromMinutes(30));
        var reread = await Eventually.GetAsync(async () =>
        {
            var response = await client.GetLiveStatusAsync(new GetLiveStatusRequest());
            return response.ExportRule == "never" ? response : null;
        }, TimeSpan.FromSeconds(30), "the export rule from the next site_info read");
        Assert.True(reread.SettingsReadAt.ToDateTimeOffset() > first.SettingsReadAt.ToDateTimeOffset());
        Assert.Equal((string?)siteInfo["version"], reread.FirmwareVersion);
    }

    [Fact]
    public async Task GetLiveStatus_TeslaRejectsTheToken_ReportsNotAvailableAndKeepsRunning()
    {
        var settings = new Dictionary<string, string>(_simulator.ServiceSettings) { ["Tesla:AccessToken"] = "expired" };
        await using var telemetry = StartTelemetry(settings);
        var client = new Contracts.Telemetry.V1.Telemetry.TelemetryClient(telemetry.CreateGrpcChannel());

        _time.Advance(TimeSpan.FromSeconds(30)); // a second sample also fails
        var live = await client.GetLiveStatusAsync(new GetLiveStatusRequest(), cancellationToken: TestContext.Current.CancellationToken);
        using var health = await telemetry.CreateClient().GetAsync(new Uri("/alive", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.False(live.Available);
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task GetLiveStatus_NoTokenOfItsOwn_ReadsWithTheTokenTariffSyncHandsOverAndReportsTheReads()
    {
        var tariffSyncSettings = new Dictionary<string, string>(_simulator.ServiceSettings) { ["ConnectionStrings:redis"] = _redis.ConnectionString };
        await using var tariffSync = new ServiceFactory<TariffSyncAssembly>(tariffSyncSettings, services => services.AddSingleton<TimeProvider>(_time));
        var tariffSyncClient = new TariffSyncClient(tariffSync.CreateGrpcChannel());
        var ownSettings = new Dictionary<string, string>(_simulator.ServiceSettings) { ["Tesla:AccessToken"] = string.Empty };
        await using var telemetry = StartTelemetry(ownSettings, services => services.AddSingleton(tariffSyncClient));
        var client = new Contracts.Telemetry.V1.Telemetry.TelemetryClient(telemetry.CreateGrpcChannel());

        var live = await Eventually.GetAsync(async () =>
        {
            var response = await client.GetLiveStatusAsync(new GetLiveStatusRequest());
            return response.Available ? response : null;
        }, TimeSpan.FromSeconds(30), "a sample taken with TariffSync's token");

        Assert.True(live.SolarPowerW > 0);
        var budget = await Eventually.GetAsync(async () =>
        {
            var current = await tariffSyncClient.GetApiBudgetAsync(new GetApiBudgetRequest());
            return current.ThisMonth.DataReads >= 2 ? current : null;
        }, TimeSpan.FromSeconds(30), "Telemetry's products and live_status reads in TariffSync's budget");
        Assert.Equal(0, budget.ThisMonth.Commands);
    }

    [Theory]
    [InlineData(15, 0, 1)]
    [InlineData(5, 0, 0)]
    [InlineData(5, 0, 400)]
    public async Task GetEnergyHistory_BadResolutionOrRange_IsInvalidArgument(int resolutionMinutes, int fromDays, int toDays)
    {
        await using var telemetry = StartTelemetry(_simulator.ServiceSettings);
        var client = new Contracts.Telemetry.V1.Telemetry.TelemetryClient(telemetry.CreateGrpcChannel());
        var start = _time.GetUtcNow();

        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => client.GetEnergyHistoryAsync(new GetEnergyHistoryRequest
        {
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddDays(fromDays)),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddDays(toDays)),
            ResolutionMinutes = resolutionMinutes,
        }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
    }

    private ServiceFactory<TeslaSync.Telemetry.ServiceAssembly> StartTelemetry(IReadOnlyDictionary<string, string> simulatorSettings, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string>(simulatorSettings) { ["ConnectionStrings:redis"] = _redis.ConnectionString };
        var factory = new ServiceFactory<TeslaSync.Telemetry.ServiceAssembly>(settings, services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            configure?.Invoke(services);
        });
        _ = factory.Server;
        return factory;
    }

    private Task<JsonNode> PowerwallLiveStatusAsync() => PowerwallGetAsync("live_status");

    /// <summary>What the simulated Powerwall answers at <paramref name="path"/> (its <c>response</c>), read as Telemetry reads it.</summary>
    private async Task<JsonNode> PowerwallGetAsync(string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_simulator.BaseAddress, $"tesla/api/1/energy_sites/{SimulatorServer.EnergySiteId}/{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorServer.TeslaToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["response"]!;
    }

    /// <summary>Changes a setting on the simulated Powerwall through its Tesla command endpoint, as the app would.</summary>
    private async Task PowerwallCommandAsync(string path, JsonObject body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_simulator.BaseAddress, $"tesla/api/1/energy_sites/{SimulatorServer.EnergySiteId}/{path}"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorServer.TeslaToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
