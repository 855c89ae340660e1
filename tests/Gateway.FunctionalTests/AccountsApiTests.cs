using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>The settings page's accounts endpoints against fake services: shapes, validation, and tokens that go in and never come out.</summary>
public sealed class AccountsApiTests
{
    private const string AmberSecret = "psk_3f9c2a7d41e8b6051c9a";
    private const string TeslemetrySecret = "tlm_8d2e51b07c4f93a6e1d2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAccounts_MapsBothServicesAndTheDemoMode()
    {
        var priceIngest = new FakeBackend().Answer<GetAmberSettingsRequest, AmberSettings>("GetAmberSettings", _ => Amber());
        var tariffSync = new FakeBackend().Answer<GetSiteSettingsRequest, SiteSettings>("GetSiteSettings", _ => Site());
        await using var gateway = GatewayHost.WithFakes(priceIngest, tariffSync, settings: new Dictionary<string, string> { ["TeslaSync:DemoMode"] = "true" });
        using var http = await gateway.CreateSignedInClientAsync();

        var accounts = await http.GetFromJsonAsync<JsonObject>("/api/settings/accounts", Ct);

        Assert.True((bool)accounts!["demoMode"]!);
        var amber = accounts["amber"]!;
        Assert.True((bool)amber["tokenSet"]!);
        Assert.Equal("01HSITE", (string?)amber["siteId"]);
        var site = amber["sites"]![0]!;
        Assert.Equal(("01HSITE", "2002000001", "SA Power Networks", "active"),
            ((string?)site["id"], (string?)site["nmi"], (string?)site["network"], (string?)site["status"]));
        Assert.Equal(("SA1", "amber-site"), ((string?)amber["region"], (string?)amber["regionSource"]));
        var tesla = accounts["tesla"]!;
        Assert.Equal(("teslemetry", "token", "signed-in", true),
            ((string?)tesla["provider"], (string?)tesla["credential"], (string?)tesla["state"], (bool)tesla["tokenSet"]!));
        Assert.Equal(("Australia/Adelaide", "tesla-site"), ((string?)accounts["timeZone"]!["value"], (string?)accounts["timeZone"]!["source"]));
        Assert.Equal("home", priceIngest.Single<GetAmberSettingsRequest>().SiteId);
        Assert.Equal("home", tariffSync.Single<GetSiteSettingsRequest>().SiteId);
    }

    [Fact]
    public async Task GetAccounts_NothingKnownYet_GivesNullsAndTheReasons()
    {
        var priceIngest = new FakeBackend().Answer<GetAmberSettingsRequest, AmberSettings>("GetAmberSettings", _ => new AmberSettings
        {
            RegionSource = "unknown", SitesProblem = "No Amber API token is set.", RegionProblem = "No Amber account.",
        });
        var tariffSync = new FakeBackend().Answer<GetSiteSettingsRequest, SiteSettings>("GetSiteSettings", _ => new SiteSettings
        {
            Account = new TeslaAccount { Provider = "fleet", Credential = "oauth", State = "not-signed-in" },
            TimeZoneSource = "unknown", TimeZoneProblem = "The Powerwall's time zone could not be read.",
        });
        await using var gateway = GatewayHost.WithFakes(priceIngest, tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        var accounts = await http.GetFromJsonAsync<JsonObject>("/api/settings/accounts", Ct);

        Assert.False((bool)accounts!["demoMode"]!);
        Assert.False((bool)accounts["amber"]!["tokenSet"]!);
        Assert.Null(accounts["amber"]!["siteId"]);
        Assert.Null(accounts["amber"]!["region"]);
        Assert.Empty(accounts["amber"]!["sites"]!.AsArray());
        Assert.Equal("No Amber API token is set.", (string?)accounts["amber"]!["sitesProblem"]);
        Assert.Equal("not-signed-in", (string?)accounts["tesla"]!["state"]);
        Assert.Null(accounts["timeZone"]!["value"]);
        Assert.Equal("unknown", (string?)accounts["timeZone"]!["source"]);
    }

    [Fact]
    public async Task GetAccounts_ServiceDown_IsA503NamingIt()
    {
        var priceIngest = new FakeBackend().Answer<GetAmberSettingsRequest, AmberSettings>("GetAmberSettings", _ => Amber());
        var tariffSync = new FakeBackend { FailWith = StatusCode.Unavailable };
        await using var gateway = GatewayHost.WithFakes(priceIngest, tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.GetAsync(new Uri("/api/settings/accounts", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("TariffSync", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["service"]);
    }

    [Fact]
    public async Task PutAmber_SendsOnlyTheGivenFieldsAndNeverEchoesTheToken()
    {
        var priceIngest = new FakeBackend().Answer<UpdateAmberSettingsRequest, AmberSettings>("UpdateAmberSettings", _ => Amber());
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/amber", new { token = $" {AmberSecret} ", region = "" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(AmberSecret, body, StringComparison.Ordinal);
        var amber = JsonNode.Parse(body)!;
        Assert.True((bool)amber["tokenSet"]!);
        Assert.Equal("01HSITE", (string?)amber["siteId"]);
        var request = priceIngest.Single<UpdateAmberSettingsRequest>();
        Assert.Equal(("home", AmberSecret), (request.SiteId, request.ApiToken));
        Assert.False(request.HasAmberSiteId);
        Assert.True(request.HasRegion);
        Assert.Equal(string.Empty, request.Region);
    }

    [Fact]
    public async Task PutAmber_AmberRefusesTheToken_IsAValidationProblemOnTheTokenWithoutIt()
    {
        var priceIngest = new FakeBackend().Answer<UpdateAmberSettingsRequest, AmberSettings>("UpdateAmberSettings", _ =>
            throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, "Amber refused this token (401 Unauthorized). Nothing was changed."),
                new Metadata { { "field", "token" } }));
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/amber", new { token = AmberSecret }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(AmberSecret, body, StringComparison.Ordinal);
        var problem = JsonNode.Parse(body)!;
        Assert.Contains("Amber refused this token", (string?)problem["errors"]!["token"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAmber_SiteTheAccountDoesNotHave_IsAValidationProblemOnTheSite()
    {
        var priceIngest = new FakeBackend().Answer<UpdateAmberSettingsRequest, AmberSettings>("UpdateAmberSettings", _ =>
            throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "The Amber account has no site 'X'."), new Metadata { { "field", "siteId" } }));
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/amber", new { siteId = "X" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["siteId"]);
    }

    [Fact]
    public async Task PutAmber_AmberAway_IsA503AndTheTokenIsNotInIt()
    {
        var priceIngest = new FakeBackend().Answer<UpdateAmberSettingsRequest, AmberSettings>("UpdateAmberSettings", _ =>
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "Amber could not check the token; nothing was changed."), new Metadata { { "field", "token" } }));
        await using var gateway = GatewayHost.WithFakes(priceIngest: priceIngest);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/amber", new { token = AmberSecret }, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain(AmberSecret, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/settings/amber", "{}", "body")]
    [InlineData("/api/settings/amber", "null", "body")]
    [InlineData("/api/settings/amber", """{"token":"   "}""", "token")]
    [InlineData("/api/settings/amber", """{"token":"psk_abc\ndef"}""", "token")]
    [InlineData("/api/settings/amber", """{"siteId":""}""", "siteId")]
    [InlineData("/api/settings/tesla", "{}", "body")]
    [InlineData("/api/settings/tesla", """{"teslemetryToken":""}""", "teslemetryToken")]
    public async Task Put_BadBody_IsAValidationProblemNamingTheFieldAndAsksNoService(string url, string json, string field)
    {
        var backend = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(backend, backend);
        using var http = await gateway.CreateSignedInClientAsync();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(url, UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.NotEmpty(JsonNode.Parse(body)!["errors"]![field]!.AsArray());
        Assert.DoesNotContain("psk_abc", body, StringComparison.Ordinal);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task PutTesla_SendsOnlyTheGivenFieldsAndNeverEchoesTheToken()
    {
        var tariffSync = new FakeBackend().Answer<UpdateSiteSettingsRequest, SiteSettings>("UpdateSiteSettings", request => new SiteSettings
        {
            Account = new TeslaAccount { Provider = "teslemetry", Credential = "token", State = "signed-in", TokenSet = true },
            TimeZone = request.TimeZone, TimeZoneSource = "setting",
        });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/tesla", new { teslemetryToken = TeslemetrySecret, timeZone = "Australia/Perth" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(TeslemetrySecret, body, StringComparison.Ordinal);
        var settings = JsonNode.Parse(body)!;
        Assert.True((bool)settings["tesla"]!["tokenSet"]!);
        Assert.Equal(("Australia/Perth", "setting"), ((string?)settings["timeZone"]!["value"], (string?)settings["timeZone"]!["source"]));
        var request = tariffSync.Single<UpdateSiteSettingsRequest>();
        Assert.Equal((TeslemetrySecret, "Australia/Perth"), (request.TeslemetryToken, request.TimeZone));
    }

    [Fact]
    public async Task PutTesla_OnlyTheTimeZone_LeavesTheTokenAlone()
    {
        var tariffSync = new FakeBackend().Answer<UpdateSiteSettingsRequest, SiteSettings>("UpdateSiteSettings", _ => Site());
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/tesla", new { timeZone = "" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = tariffSync.Single<UpdateSiteSettingsRequest>();
        Assert.False(request.HasTeslemetryToken);
        Assert.True(request.HasTimeZone);
        Assert.Equal(string.Empty, request.TimeZone);
    }

    [Fact]
    public async Task PutTesla_NotAnIanaZone_IsAValidationProblemOnTheTimeZone()
    {
        var tariffSync = new FakeBackend().Answer<UpdateSiteSettingsRequest, SiteSettings>("UpdateSiteSettings", _ =>
            throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, "'Mars/Base' is not an IANA time zone."), new Metadata { { "field", "timeZone" } }));
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PutAsJsonAsync("/api/settings/tesla", new { timeZone = "Mars/Base" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'Mars/Base' is not an IANA time zone.", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["timeZone"]![0]);
    }

    [Fact]
    public async Task SignIn_GivesTheAddressToSendTheBrowserTo()
    {
        var tariffSync = new FakeBackend().Answer<BeginTeslaSignInRequest, BeginTeslaSignInResponse>("BeginTeslaSignIn",
            _ => new BeginTeslaSignInResponse { AuthorizeUrl = "https://auth.tesla.com/oauth2/v3/authorize?state=abc" });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsync(new Uri("/api/settings/tesla/signin", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://auth.tesla.com/oauth2/v3/authorize?state=abc", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["authorizeUrl"]);
    }

    [Fact]
    public async Task SignIn_WithoutAFleetApplication_IsAConflictSayingWhy()
    {
        var tariffSync = new FakeBackend().Answer<BeginTeslaSignInRequest, BeginTeslaSignInResponse>("BeginTeslaSignIn",
            _ => throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, "Tesla sign-in needs a Fleet API application.")));
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsync(new Uri("/api/settings/tesla/signin", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Tesla sign-in needs a Fleet API application.", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["detail"]);
    }

    [Fact]
    public async Task Callback_SignInCompletes_RedirectsToTheSettingsPage()
    {
        var tariffSync = new FakeBackend().Answer<CompleteTeslaSignInRequest, TeslaAccount>("CompleteTeslaSignIn",
            _ => new TeslaAccount { Provider = "fleet", Credential = "oauth", State = "signed-in" });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync(new Uri("/api/settings/tesla/callback?code=NA_abc&state=s1", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/#/settings", response.Headers.Location?.OriginalString);
        var request = tariffSync.Single<CompleteTeslaSignInRequest>();
        Assert.Equal(("NA_abc", "s1", ""), (request.Code, request.State, request.Error));
    }

    [Fact]
    public async Task Callback_SignInRefused_RedirectsToTheSettingsPageWithTheReason()
    {
        var tariffSync = new FakeBackend().Answer<CompleteTeslaSignInRequest, TeslaAccount>("CompleteTeslaSignIn",
            _ => throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, "This sign-in was not started here or has expired; start it again.")));
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync(new Uri("/api/settings/tesla/callback?error=access_denied&state=s1", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/#/settings?signin=failed&reason=", location, StringComparison.Ordinal);
        Assert.Equal("This sign-in was not started here or has expired; start it again.",
            Uri.UnescapeDataString(location["/#/settings?signin=failed&reason=".Length..]));
        Assert.Equal("access_denied", tariffSync.Single<CompleteTeslaSignInRequest>().Error);
    }

    [Fact]
    public async Task SignOut_GivesTheAccountAfterwards()
    {
        var tariffSync = new FakeBackend().Answer<SignOutTeslaRequest, TeslaAccount>("SignOutTesla",
            _ => new TeslaAccount { Provider = "fleet", Credential = "oauth", State = "not-signed-in" });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync);
        using var http = await gateway.CreateSignedInClientAsync();

        using var response = await http.PostAsync(new Uri("/api/settings/tesla/signout", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(("fleet", "oauth", "not-signed-in", false),
            ((string?)account!["provider"], (string?)account["credential"], (string?)account["state"], (bool)account["tokenSet"]!));
    }

    private static AmberSettings Amber() => new()
    {
        TokenSet = true,
        AmberSiteId = "01HSITE",
        Sites = { new AmberSite { Id = "01HSITE", Nmi = "2002000001", Network = "SA Power Networks", Status = "active", IntervalLengthMinutes = 30, Selected = true } },
        Region = "SA1",
        RegionSource = "amber-site",
    };

    private static SiteSettings Site() => new()
    {
        Account = new TeslaAccount { Provider = "teslemetry", Credential = "token", State = "signed-in", TokenSet = true },
        TimeZone = "Australia/Adelaide",
        TimeZoneSource = "tesla-site",
    };
}
