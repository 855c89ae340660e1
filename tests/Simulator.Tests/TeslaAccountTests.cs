using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using TeslaSync.Simulator.Tesla;

namespace TeslaSync.Simulator.Tests;

/// <summary>Tesla OAuth (rotating refresh tokens), region and metadata, scripted faults, rate limits and tariff changes made in the Tesla app.</summary>
public sealed class TeslaAccountTests
{
    private const string Site = "/tesla/api/1/energy_sites/2252150839614386";
    private const string ClientId = "sim-client-id";
    private const string ClientSecret = "sim-client-secret";
    private const string RedirectUri = "https://teslasync.local/tesla/callback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PostForm(SimulatorHost host, params (string Key, string Value)[] fields) =>
        host.Http.PostAsync("/tesla/oauth2/v3/token", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))), Ct);

    private static Task<HttpResponseMessage> Refresh(SimulatorHost host, string refreshToken) =>
        PostForm(host, ("grant_type", "refresh_token"), ("client_id", ClientId), ("refresh_token", refreshToken));

    private static async Task<JsonElement> TokensAsync(SimulatorHost host)
    {
        using var response = await host.Http.PostAsync("/sim/tesla/oauth/tokens", null, Ct);
        return await host.GetJsonAsync(response);
    }

    private static async Task<HttpResponseMessage> InjectAsync(SimulatorHost host, string faultsJson) =>
        await host.Http.PostAsync("/sim/tesla/faults", new StringContent(faultsJson, System.Text.Encoding.UTF8, "application/json"), Ct);

    [Fact]
    public async Task AuthorizeThenToken_CodeFlow_IssuesTokensTheApiAccepts()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var authorize = await noRedirects.GetAsync(
            $"/tesla/oauth2/v3/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid%20offline_access&state=xyz", Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("xyz", query["state"]);

        using var token = await PostForm(host, ("grant_type", "authorization_code"), ("client_id", ClientId), ("client_secret", ClientSecret),
            ("code", query["code"]!), ("audience", "https://fleet-api.prd.na.vn.cloud.tesla.com"), ("redirect_uri", RedirectUri));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var tokens = await host.GetJsonAsync(token);
        Assert.Equal(["access_token", "refresh_token", "id_token", "expires_in", "state", "token_type"], JsonShape.Keys(tokens));
        Assert.Equal(28800, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());

        using var products = await host.TeslaGetAsync("/tesla/api/1/products", tokens.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);

        using var again = await PostForm(host, ("grant_type", "authorization_code"), ("client_id", ClientId), ("client_secret", ClientSecret),
            ("code", query["code"]!), ("audience", "x"), ("redirect_uri", RedirectUri));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_auth_code", (await host.GetJsonAsync(again)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefreshToken_UsedTwice_RotatesThenAnswers401LoginRequired()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var first = await TokensAsync(host);
        var firstRefresh = first.GetProperty("refresh_token").GetString()!;

        using var rotated = await Refresh(host, firstRefresh);
        var second = await host.GetJsonAsync(rotated);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(firstRefresh, second.GetProperty("refresh_token").GetString());
        Assert.NotEqual(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());

        using var reused = await Refresh(host, firstRefresh);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        var error = await host.GetJsonAsync(reused);
        Assert.Equal("login_required", error.GetProperty("error").GetString());

        using var next = await Refresh(host, second.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        using var state = await host.Http.GetAsync("/sim/state", Ct);
        var tesla = (await host.GetJsonAsync(state)).GetProperty("tesla");
        Assert.Equal(2, tesla.GetProperty("tokenRefreshes").GetInt32());
        Assert.Equal(1, tesla.GetProperty("reusedRefreshTokens").GetInt32());
    }

    [Fact]
    public async Task AccessToken_AfterConfiguredLifetime_Is401TokenExpired_StaticTokenStillWorks()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:AccessTokenLifetimeSeconds=60");
        var tokens = await TokensAsync(host);
        Assert.Equal(60, tokens.GetProperty("expires_in").GetInt32());
        var access = tokens.GetProperty("access_token").GetString();

        using (var fresh = await host.TeslaGetAsync($"{Site}/site_info", access))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        host.Time.Advance(TimeSpan.FromSeconds(60));
        using var expired = await host.TeslaGetAsync($"{Site}/site_info", access);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("token expired (401)", (await host.GetJsonAsync(expired)).GetProperty("error").GetString());

        using var demo = await host.TeslaGetAsync($"{Site}/site_info");
        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
    }

    [Theory]
    [InlineData("grant_type=refresh_token&client_id=someone-else&refresh_token=x", 401, "invalid_client")]
    [InlineData("grant_type=password&client_id=sim-client-id", 400, "unsupported_grant_type")]
    [InlineData("grant_type=authorization_code&client_id=sim-client-id&client_secret=wrong&code=c&audience=a&redirect_uri=r", 401, "invalid_client")]
    public async Task Token_BadRequest_AnswersOAuthError(string form, int status, string error)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);

        using var response = await host.Http.PostAsync("/tesla/oauth2/v3/token",
            new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, (await host.GetJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task UsersRegion_Default_NamesThisSimulatorAsFleetBase()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);

        var region = await host.TeslaJsonAsync("/tesla/api/1/users/region");

        Assert.Equal("na", region.GetProperty("region").GetString());
        Assert.Equal(new Uri(host.BaseAddress, "tesla").AbsoluteUri, region.GetProperty("fleet_api_base_url").GetString());
    }

    [Fact]
    public async Task UsersRegion_Configured_AnswersConfiguredRegionAndBase()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike,
            "--Simulator:Tesla:Region=EU", "--Simulator:Tesla:FleetApiBaseUrl=https://fleet-api.prd.eu.vn.cloud.tesla.com");

        var region = await host.TeslaJsonAsync("/tesla/api/1/users/region");

        Assert.Equal("eu", region.GetProperty("region").GetString());
        Assert.Equal("https://fleet-api.prd.eu.vn.cloud.tesla.com", region.GetProperty("fleet_api_base_url").GetString());
    }

    [Fact]
    public async Task Metadata_TeslemetryShape_UpperCaseRegionAndTheSite()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);

        using var response = await host.TeslaGetAsync("/tesla/api/metadata");
        var metadata = await host.GetJsonAsync(response);

        Assert.Equal(["uid", "region", "scopes", "vehicles", "energy_sites"], JsonShape.Keys(metadata));
        Assert.Equal("NA", metadata.GetProperty("region").GetString());
        Assert.True(metadata.GetProperty("energy_sites").GetProperty(SimulatorHost.EnergySiteId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .GetProperty("access").GetBoolean());
        using var anonymous = await host.TeslaGetAsync("/tesla/api/metadata", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Faults_RateLimitThenNormal_Serves429WithRetryAfterOnceThen200()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var inject = await InjectAsync(host, """[{"kind":"rate_limit","path":"/api/1/energy_sites/*/site_info","retryAfterSeconds":5}]""");
        Assert.Equal(HttpStatusCode.OK, inject.StatusCode);

        using var products = await host.TeslaGetAsync("/tesla/api/1/products"); // does not match the path
        using var limited = await host.TeslaGetAsync($"{Site}/site_info");
        using var normal = await host.TeslaGetAsync($"{Site}/site_info");

        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(JsonValueKind.Null, (await host.GetJsonAsync(limited)).GetProperty("response").ValueKind);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task Faults_Queue_ServedInOrderAndOnlyToMatchingMethod()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var inject = await InjectAsync(host, """
            [{"kind":"server_error","status":503,"method":"POST"},
             {"kind":"offline","path":"/api/1/energy_sites/*/live_status"},
             {"kind":"malformed","path":"/api/1/energy_sites/**"},
             {"kind":"status","status":421,"error":"user out of region"}]
            """);

        using var get1 = await host.TeslaGetAsync($"{Site}/live_status");
        using var get2 = await host.TeslaGetAsync($"{Site}/site_info");
        using var post = await host.TeslaPostAsync($"{Site}/backup", """{"backup_reserve_percent":30}""");
        using var get3 = await host.TeslaGetAsync("/tesla/api/1/products");
        using var get4 = await host.TeslaGetAsync("/tesla/api/1/products");

        Assert.Equal(HttpStatusCode.RequestTimeout, get1.StatusCode);
        Assert.Equal("vehicle unavailable: vehicle is offline or asleep", (await host.GetJsonAsync(get1)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, get2.StatusCode);
        var malformed = await get2.Content.ReadAsStringAsync(Ct);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(malformed));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(20, (await host.TeslaJsonAsync($"{Site}/site_info")).GetProperty("backup_reserve_percent").GetInt32()); // not applied
        Assert.Equal((HttpStatusCode)421, get3.StatusCode);
        Assert.Equal("user out of region", (await host.GetJsonAsync(get3)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, get4.StatusCode);
        using var pending = await host.Http.GetAsync("/sim/tesla/faults", Ct);
        Assert.Empty((await host.GetJsonAsync(pending)).EnumerateArray());
    }

    [Fact]
    public async Task Faults_TokenEndpoint_CanFailToo()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var tokens = await TokensAsync(host);
        using var inject = await InjectAsync(host, """[{"kind":"server_error","status":502,"path":"/oauth2/v3/token"}]""");

        using var failed = await Refresh(host, tokens.GetProperty("refresh_token").GetString()!);
        using var worked = await Refresh(host, tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, worked.StatusCode); // the fault answered before Tesla consumed the token
    }

    [Fact]
    public async Task Faults_Latency_DelaysThenAnswersNormally()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var inject = await InjectAsync(host, """[{"kind":"latency","delayMs":300}]""");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await host.TeslaGetAsync("/tesla/api/1/products");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_PostedAsTypedRecords_AcceptedAndLogReadsBackTyped()
    {
        // The same serialisation ServiceTesting's SimulatorServer helpers use.
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var inject = await host.Http.PostAsJsonAsync("/sim/tesla/faults",
            new[] { TeslaFault.RateLimit(2, "/api/1/products"), TeslaFault.WithStatus(421, "user out of region", method: "GET") }, Ct);
        Assert.Equal(HttpStatusCode.OK, inject.StatusCode);

        using var limited = await host.TeslaGetAsync("/tesla/api/1/products");
        using var misdirected = await host.TeslaGetAsync("/tesla/api/1/products");
        var log = await host.Http.GetFromJsonAsync<List<TeslaServedRequest>>("/sim/tesla/requests", Ct) ?? [];

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal((HttpStatusCode)421, misdirected.StatusCode);
        Assert.Equal([429, 421], log.Select(r => r.Status));
        Assert.All(log, r => Assert.Equal(("GET", "/tesla/api/1/products"), (r.Method, r.Path)));
        Assert.Equal(SimulatorHost.MondayAfterSpike, log[0].At);
    }

    [Theory]
    [InlineData("""[{"kind":"explode"}]""")]
    [InlineData("""[{"kind":"server_error","status":404}]""")]
    [InlineData("""[{"kind":"status"}]""")]
    public async Task Faults_Invalid_Rejected400AndNothingQueued(string json)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);

        using var inject = await InjectAsync(host, json);

        Assert.Equal(HttpStatusCode.BadRequest, inject.StatusCode);
        using var products = await host.TeslaGetAsync("/tesla/api/1/products");
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
    }

    [Fact]
    public async Task Faults_DeleteAndReset_ClearTheQueue()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var first = await InjectAsync(host, """[{"kind":"offline"}]""");
        using var delete = await host.Http.DeleteAsync("/sim/tesla/faults", Ct);
        using var second = await InjectAsync(host, """[{"kind":"offline"}]""");
        using var reset = await host.Http.PostAsync("/sim/reset", null, Ct);

        using var response = await host.TeslaGetAsync("/tesla/api/1/products");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RateLimit_Enabled_PerSiteWindowWithRetryAfterUntilWindowEnd()
    {
        // 13:02:00 NEM; 300-s windows are aligned to Unix time, so this window ends at 13:05:00.
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, "--Simulator:Tesla:RateLimit:Enabled=true");

        using var first = await host.TeslaGetAsync($"{Site}/live_status");
        using var second = await host.TeslaGetAsync($"{Site}/site_info");
        using var account = await host.TeslaGetAsync("/tesla/api/1/products"); // counted separately from the site
        using var command = await host.TeslaPostAsync($"{Site}/backup", """{"backup_reserve_percent":25}"""); // commands have their own budget

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(180), second.Headers.RetryAfter?.Delta);
        Assert.Equal("1", second.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", second.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);

        host.Time.Advance(TimeSpan.FromSeconds(180));
        using var nextWindow = await host.TeslaGetAsync($"{Site}/site_info");
        Assert.Equal(HttpStatusCode.OK, nextWindow.StatusCode);
    }

    [Fact]
    public async Task RateLimit_ConfiguredAtRunTime_LimitsCommands()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var configure = await host.Http.PostAsync("/sim/tesla/rate_limit", new StringContent(
            """{"enabled":true,"dataReadsPerWindow":100,"dataWindowSeconds":60,"commandsPerWindow":2,"commandWindowSeconds":86400}""",
            System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, configure.StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var post = await host.TeslaPostAsync($"{Site}/storm_mode", """{"enabled":true}""");
            statuses.Add(post.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ChangeTariffBehindOurBack_SiteInfoShowsItWithoutAnUpload()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var tariff = JsonNode.Parse(TestSupport.SharedFolder.ReadFixture("tesla", "site_info_tariff_content_v2_multi_season.json"))!
            ["response"]!["tariff_content_v2"]!;

        using var change = await host.Http.PostAsync($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/tariff",
            new StringContent(tariff.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        var info = await host.TeslaJsonAsync($"{Site}/site_info");
        Assert.True(JsonNode.DeepEquals(tariff, JsonNode.Parse(info.GetProperty("tariff_content_v2").GetRawText())));
        using var uploads = await host.Http.GetAsync($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/uploads", Ct);
        Assert.Empty((await host.GetJsonAsync(uploads)).EnumerateArray());
        using var state = await host.Http.GetAsync("/sim/state", Ct);
        Assert.Equal(1, (await host.GetJsonAsync(state)).GetProperty("tesla").GetProperty("externalTariffChanges").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"no charges"}""", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    public async Task ChangeTariffBehindOurBack_InvalidTariff_Rejected(string body, HttpStatusCode expected)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);

        using var change = await host.Http.PostAsync($"/sim/tesla/energy_sites/{SimulatorHost.EnergySiteId}/tariff",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(expected, change.StatusCode);
        Assert.Equal("Simulator flat rate", (await host.TeslaJsonAsync($"{Site}/site_info")).GetProperty("tariff_content_v2").GetProperty("name").GetString());
    }

    [Fact]
    public async Task StormModeAndGridImportExport_Commands_ReflectedInSiteInfoAndProducts()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);

        using var storm = await host.TeslaPostAsync($"{Site}/storm_mode", """{"enabled":true}""");
        using var export = await host.TeslaPostAsync($"{Site}/grid_import_export", """{"customer_preferred_export_rule":"never"}""");
        using var charge = await host.TeslaPostAsync($"{Site}/grid_import_export", """{"disallow_charge_from_grid_with_solar_installed":true}""");
        using var bad = await host.TeslaPostAsync($"{Site}/grid_import_export", """{"customer_preferred_export_rule":"sometimes"}""");

        Assert.Equal("""{"response":{"code":201,"message":"Updated"}}""", await storm.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var info = await host.TeslaJsonAsync($"{Site}/site_info");
        Assert.True(info.GetProperty("user_settings").GetProperty("storm_mode_enabled").GetBoolean());
        Assert.Equal("never", info.GetProperty("components").GetProperty("customer_preferred_export_rule").GetString());
        Assert.True(info.GetProperty("components").GetProperty("disallow_charge_from_grid_with_solar_installed").GetBoolean());
        var products = await host.TeslaJsonAsync("/tesla/api/1/products");
        Assert.True(products[0].GetProperty("storm_mode_enabled").GetBoolean());
    }

    [Fact]
    public async Task Requests_LogsTeslaCallsWithoutTokens()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        var tokens = await TokensAsync(host);
        using var refresh = await Refresh(host, tokens.GetProperty("refresh_token").GetString()!);
        using var info = await host.TeslaGetAsync($"{Site}/site_info", "wrong");

        using var response = await host.Http.GetAsync("/sim/tesla/requests", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var log = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();

        Assert.Equal(["POST /tesla/oauth2/v3/token 200", $"GET {Site}/site_info 401"],
            log.Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()} {e.GetProperty("status").GetInt32()}"));
        Assert.DoesNotContain("sim-rt-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-at-", text, StringComparison.Ordinal);
    }
}
