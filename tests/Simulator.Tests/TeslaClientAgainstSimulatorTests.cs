using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Integrations.Tesla;
using TeslaSync.Integrations.Tesla.Auth;

namespace TeslaSync.Simulator.Tests;

/// <summary>The real Tesla client (OAuth, token manager, region, retries) against the simulator over loopback HTTP, sharing its fake clock.</summary>
public sealed class TeslaClientAgainstSimulatorTests
{
    private const string RedirectUri = "https://teslasync.local/tesla/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Services(SimulatorHost host, Action<Integrations.Tesla.TeslaOptions> configure, ITeslaTokenStore? store = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(host.Time);
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        services.AddTeslaClient(o =>
        {
            o.BaseUrl = new Uri(host.BaseAddress, "tesla").AbsoluteUri;
            configure(o);
        });
        return services.BuildServiceProvider();
    }

    private static ServiceProvider OAuthServices(SimulatorHost host, MemoryTokenStore store) => Services(host, o =>
    {
        o.OAuth.ClientId = "sim-client-id";
        o.OAuth.ClientSecret = "sim-client-secret";
        o.OAuth.RedirectUri = RedirectUri;
        o.OAuth.AuthorizeUrl = new Uri(host.BaseAddress, "tesla/oauth2/v3/authorize").AbsoluteUri;
        o.OAuth.TokenUrl = new Uri(host.BaseAddress, "tesla/oauth2/v3/token").AbsoluteUri;
    }, store);

    private static async Task<int> TokenRefreshesAsync(SimulatorHost host)
    {
        using var response = await host.Http.GetAsync("/sim/state", Ct);
        return (await host.GetJsonAsync(response)).GetProperty("tesla").GetProperty("tokenRefreshes").GetInt32();
    }

    private static async Task<List<string>> TeslaRequestsAsync(SimulatorHost host)
    {
        using var response = await host.Http.GetAsync("/sim/tesla/requests", Ct);
        return (await host.GetJsonAsync(response)).EnumerateArray()
            .Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()} {e.GetProperty("status").GetInt32()}").ToList();
    }

    /// <summary>Moves the shared fake clock until the call finishes (retry waits run on it).</summary>
    private static async Task<T> DriveAsync<T>(SimulatorHost host, Task<T> call)
    {
        for (var i = 0; i < 500 && !call.IsCompleted; i++)
        {
            await Task.Delay(20, Ct);
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return await call;
    }

    [Fact]
    public async Task FleetOAuth_SignInThenNearExpiry_OneRefreshForConcurrentCallsAndNewRefreshTokenSaved()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:AccessTokenLifetimeSeconds=600");
        var store = new MemoryTokenStore();
        using var services = OAuthServices(host, store);
        var oauth = services.GetRequiredService<TeslaOAuthClient>();
        var manager = services.GetRequiredService<TeslaTokenManager>();
        var client = services.GetRequiredService<ITeslaEnergyClient>();

        var signIn = oauth.CreateAuthorizationRequest();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(signIn.Url, Ct);
        var callback = QueryHelpers.ParseQuery(consent.Headers.Location!.Query);
        await manager.CompleteSignInAsync(signIn.State, callback["state"], callback["code"], callback.GetValueOrDefault("error"), Ct);
        var firstRefreshToken = store.Tokens!.RefreshToken;

        Assert.Equal("TeslaSync Demo", (await client.GetSiteInfoAsync(SimulatorHost.EnergySiteId, Ct)).SiteName);
        Assert.Equal(0, await TokenRefreshesAsync(host));

        host.Time.Advance(TimeSpan.FromSeconds(301)); // 299 s left: inside the 5-minute refresh window
        await Task.WhenAll(client.GetLiveStatusAsync(SimulatorHost.EnergySiteId, Ct), client.GetProductsAsync(Ct));

        Assert.Equal(1, await TokenRefreshesAsync(host));
        Assert.NotEqual(firstRefreshToken, store.Tokens!.RefreshToken);
        Assert.Equal(TeslaSignInState.SignedIn, await manager.GetSignInStateAsync(Ct));
    }

    [Fact]
    public async Task FleetOAuth_RefreshTokenUsedElsewhere_SignInRequiredAndNoApiCall()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:AccessTokenLifetimeSeconds=600");
        using var issue = await host.Http.PostAsync("/sim/tesla/oauth/tokens", null, Ct);
        var issued = await host.GetJsonAsync(issue);
        var refreshToken = issued.GetProperty("refresh_token").GetString()!;
        var store = new MemoryTokenStore(new TeslaTokenSet(issued.GetProperty("access_token").GetString()!, refreshToken, host.Time.GetUtcNow().AddSeconds(600)));
        using var services = OAuthServices(host, store);
        // A second process "borrowed" the account and rotated the refresh token first.
        using var stolen = await host.Http.PostAsync("/tesla/oauth2/v3/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "sim-client-id", ["refresh_token"] = refreshToken,
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, stolen.StatusCode);

        host.Time.Advance(TimeSpan.FromSeconds(600));
        var error = await Assert.ThrowsAsync<TeslaApiException>(() => services.GetRequiredService<ITeslaEnergyClient>().GetProductsAsync(Ct));

        Assert.Equal(TeslaErrorKind.SignInRequired, error.Kind);
        Assert.Equal("login_required", error.Error);
        Assert.DoesNotContain(await TeslaRequestsAsync(host), r => r.StartsWith("GET /tesla/api/1/products", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_Scripted429Then200_OneSuccessfulCallAfterRetryAfter()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var inject = await host.Http.PostAsync("/sim/tesla/faults", new StringContent(
            """[{"kind":"rate_limit","path":"/api/1/energy_sites/*/site_info","retryAfterSeconds":3}]""", System.Text.Encoding.UTF8, "application/json"), Ct);
        using var services = Services(host, o => o.AccessToken = SimulatorHost.TeslaToken);
        var started = host.Time.GetUtcNow();

        var info = await DriveAsync(host, services.GetRequiredService<ITeslaEnergyClient>().GetSiteInfoAsync(SimulatorHost.EnergySiteId, Ct));

        Assert.Equal("TeslaSync Demo", info.SiteName);
        Assert.Equal([
            "GET /tesla/api/1/energy_sites/2252150839614386/site_info 429",
            "GET /tesla/api/1/energy_sites/2252150839614386/site_info 200",
        ], await TeslaRequestsAsync(host));
        Assert.True(host.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(3), "the client waited Retry-After");
    }

    [Fact]
    public async Task Retry_Command500_SentOnceAndReportedAsServerError()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var inject = await host.Http.PostAsync("/sim/tesla/faults", new StringContent(
            """[{"kind":"server_error","status":500,"method":"POST"}]""", System.Text.Encoding.UTF8, "application/json"), Ct);
        using var services = Services(host, o => o.AccessToken = SimulatorHost.TeslaToken);

        var error = await Assert.ThrowsAsync<TeslaApiException>(() =>
            services.GetRequiredService<ITeslaEnergyClient>().SetOperationModeAsync(SimulatorHost.EnergySiteId, OperationMode.Autonomous, Ct));

        Assert.Equal(TeslaErrorKind.ServerError, error.Kind);
        Assert.Single(await TeslaRequestsAsync(host));
    }

    [Fact]
    public async Task Teslemetry_AgainstSimulator_ReadsMetadataOnceThenServesCalls()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var services = Services(host, o =>
        {
            o.Provider = TeslaProvider.Teslemetry;
            o.AccessToken = SimulatorHost.TeslaToken;
            o.TeslemetryRegionalBaseUrl = string.Empty; // stay on the simulator
        });
        var client = services.GetRequiredService<ITeslaEnergyClient>();

        await client.GetProductsAsync(Ct);
        await client.SetStormModeAsync(SimulatorHost.EnergySiteId, true, Ct);

        Assert.Equal([
            "GET /tesla/api/metadata 200",
            "GET /tesla/api/1/products 200",
            "POST /tesla/api/1/energy_sites/2252150839614386/storm_mode 200",
        ], await TeslaRequestsAsync(host));
    }

    [Fact]
    public async Task ReadBack_TariffChangedInTeslaApp_ClientSeesTheOtherTariff()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var services = Services(host, o => o.AccessToken = SimulatorHost.TeslaToken);
        var client = services.GetRequiredService<ITeslaEnergyClient>();
        var ours = JsonNode.Parse(TestSupport.SharedFolder.ReadFixture("tesla", "tariff_content_v2_sample_powersync_flowpower.json"))!
            ["response"]!["tariff_content_v2"]!.AsObject();
        await client.SetTimeOfUseSettingsAsync(SimulatorHost.EnergySiteId, ours, Ct);
        var theirs = JsonNode.Parse(TestSupport.SharedFolder.ReadFixture("tesla", "site_info_tariff_content_v2_multi_season.json"))!
            ["response"]!["tariff_content_v2"]!;

        using var change = await host.Http.PostAsync($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/tariff",
            new StringContent(theirs.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);
        var readBack = (await client.GetSiteInfoAsync(SimulatorHost.EnergySiteId, Ct)).TariffContentV2;

        Assert.False(JsonNode.DeepEquals(ours, readBack));
        Assert.True(JsonNode.DeepEquals(theirs, readBack));
    }

    [Fact]
    public async Task EnergyHistory_FromTheSimulatorsPowerwall_QuarterHoursTheClientReads()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        host.Time.Advance(TimeSpan.FromHours(2));
        using var services = Services(host, o => o.AccessToken = SimulatorHost.TeslaToken);
        var end = SimulatorHost.MondayAfterSpike.AddHours(2);

        var history = await services.GetRequiredService<ITeslaEnergyClient>()
            .GetEnergyHistoryAsync(SimulatorHost.EnergySiteId, CalendarHistoryPeriod.Day, SimulatorHost.MondayAfterSpike, end, "Australia/Adelaide", Ct);

        // 13:32 to 15:32 Adelaide time: the started 13:30 bucket, seven whole ones, the started 15:30 one.
        Assert.Equal(CalendarHistoryPeriod.Day, history.Period);
        Assert.Equal("Australia/Adelaide", history.InstallationTimeZone);
        Assert.Equal(9, history.Points.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 30, 0, TimeSpan.FromHours(10.5)), history.Points[0].Start);
        var model = host.Services.GetRequiredService<Tesla.PowerwallModel>().Totals(SimulatorHost.MondayAfterSpike, end);
        Assert.InRange(history.Points.Sum(p => p.HomeUsageWh), model.Home - 1, model.Home + 1);
        Assert.InRange(history.Points.Sum(p => p.SolarGeneratedWh), model.Solar - 1, model.Solar + 1);
        Assert.True(model.Solar > 0);
    }

    private sealed class MemoryTokenStore(TeslaTokenSet? tokens = null) : ITeslaTokenStore
    {
        public TeslaTokenSet? Tokens { get; private set; } = tokens;

        public Task<TeslaTokenSet?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Tokens);

        public Task SaveAsync(TeslaTokenSet tokens, CancellationToken cancellationToken)
        {
            Tokens = tokens;
            return Task.CompletedTask;
        }

        public Task ClearAsync(CancellationToken cancellationToken)
        {
            Tokens = null;
            return Task.CompletedTask;
        }
    }
}
