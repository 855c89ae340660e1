using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using TeslaSync.ServiceTesting;
using GatewayAssembly = TeslaSync.Gateway.ServiceAssembly;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>First-run setup, sign-in and sign-out of the single user, and what needs it.</summary>
public sealed class AuthApiTests
{
    /// <summary>One request per API group (and a path nothing is mapped on yet): all need sign-in.</summary>
    private static readonly (string Method, string Path)[] ProtectedRequests =
    [
        ("GET", "/api/status"),
        ("GET", "/api/prices/current"),
        ("GET", "/api/prices/history"),
        ("GET", "/api/tariff"),
        ("GET", "/api/sync/last"),
        ("POST", "/api/sync"),
        ("PUT", "/api/sync/settings"),
        ("GET", "/api/budget"),
        ("GET", "/api/grid/status"),
        ("POST", "/api/grid/force"),
        ("DELETE", "/api/grid/force"),
        ("GET", "/api/powerwall/live"),
        ("GET", "/api/energy/summary"),
        ("GET", "/api/costs"),
        ("GET", "/api/bill"),
        ("GET", "/api/events"),
        ("GET", "/api/settings/accounts"),
        ("GET", "/API/STATUS"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryApiGroup_NotSignedIn_Returns401ProblemAndNeverReachesTheService()
    {
        var tariffSync = new FakeBackend();
        var gridEvents = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync, gridEvents: gridEvents);
        using var http = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // A valid anonymous token, so it is the missing sign-in that is refused, not the token.
        await http.UseAntiforgeryTokenAsync();

        foreach (var (method, path) in ProtectedRequests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(new { }) };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Headers.Location);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
            Assert.Equal(401, (int)problem!["status"]!);
        }

        Assert.Empty(tariffSync.Requests);
        Assert.Empty(gridEvents.Requests);
    }

    [Fact]
    public async Task AnonymousPaths_NotSignedIn_StayOpen()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();

        foreach (var path in new[] { "/", "/index.html", "/alive", "/health", "/api/auth/state", "/api/auth/antiforgery" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TeslaSignInCallback_NotSignedIn_IsLeftToItsOwnStateCheck()
    {
        // Tesla redirects the browser here from tesla.com: the SameSite=Strict cookie does not come along.
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();

        using var callback = await http.GetAsync(new Uri("/api/settings/tesla/callback?code=x&state=y", UriKind.Relative), Ct);
        using var underneath = await http.GetAsync(new Uri("/api/settings/tesla/callback/more", UriKind.Relative), Ct);
        using var post = await http.PostAsync(new Uri("/api/settings/tesla/callback", UriKind.Relative), null, Ct);

        Assert.NotEqual(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, underneath.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task Setup_FirstRun_CreatesTheUserAndSignsIn()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();

        var before = await http.GetFromJsonAsync<JsonObject>("/api/auth/state", Ct);
        await http.UseAntiforgeryTokenAsync();
        using var setup = await http.PostAsJsonAsync("/api/auth/setup", new { userName = " Owner ", password = SignedInClient.Password }, Ct);
        var after = await http.GetFromJsonAsync<JsonObject>("/api/auth/state", Ct);
        using var status = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);

        Assert.False((bool)before!["userExists"]!);
        Assert.False((bool)before["signedIn"]!);
        Assert.Null(before["userName"]);
        Assert.False((bool)before["demoMode"]!);
        Assert.Equal(HttpStatusCode.NoContent, setup.StatusCode);
        Assert.True((bool)after!["userExists"]!);
        Assert.True((bool)after["signedIn"]!);
        Assert.Equal("Owner", (string?)after["userName"]);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task Setup_Twice_Returns409AndKeepsTheFirstUser()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var owner = await gateway.CreateSignedInClientAsync();
        using var intruder = gateway.CreateClient();
        await intruder.UseAntiforgeryTokenAsync();

        using var second = await intruder.PostAsJsonAsync("/api/auth/setup", new { userName = "intruder", password = "another long password" }, Ct);
        using var intruderLogin = await intruder.PostAsJsonAsync("/api/auth/login", new { userName = "intruder", password = "another long password" }, Ct);
        var state = await intruder.GetFromJsonAsync<JsonObject>("/api/auth/state", Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, intruderLogin.StatusCode);
        Assert.False((bool)state!["signedIn"]!);
        Assert.True((bool)state["userExists"]!);
    }

    [Theory]
    [InlineData("owner", "short", "password")]
    [InlineData("owner", "elevenchars", "password")]
    [InlineData("", "a long enough password", "userName")]
    [InlineData("   ", "a long enough password", "userName")]
    [InlineData("owner-of-this-house", "owner-of-this-house", "password")]
    public async Task Setup_UnacceptableInput_Returns400ValidationProblemAndCreatesNoUser(string userName, string password, string field)
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();

        using var response = await http.PostAsJsonAsync("/api/auth/setup", new { userName, password }, Ct);
        var state = await http.GetFromJsonAsync<JsonObject>("/api/auth/state", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.NotNull(problem!["errors"]![field]);
        Assert.Single(problem["errors"]!.AsObject());
        Assert.False((bool)state!["userExists"]!);
    }

    [Fact]
    public async Task Setup_NoBody_Returns400ValidationProblem()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();

        using var response = await http.PostAsync(new Uri("/api/auth/setup", UriKind.Relative), JsonContent.Create<object?>(null), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.NotNull(problem!["errors"]!["userName"]);
        Assert.NotNull(problem["errors"]!["password"]);
    }

    [Theory]
    [InlineData("/api/auth/login", "{\"userName\": \"owner\", ", "application/json")]
    [InlineData("/api/auth/login", "userName=owner&password=x", "application/x-www-form-urlencoded")]
    [InlineData("/api/auth/setup", "[1, 2]", "application/json")]
    [InlineData("/api/auth/setup", "owner", "text/plain")]
    public async Task LoginOrSetup_BodyNotJsonCredentials_Returns400Problem(string path, string body, string contentType)
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("JSON object", (string?)problem!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_Returns401WithTheSameProblem()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var owner = await gateway.CreateSignedInClientAsync();
        using var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();

        using var wrongPassword = await http.PostAsJsonAsync("/api/auth/login", new { userName = SignedInClient.UserName, password = "not the password at all" }, Ct);
        using var unknownUser = await http.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = SignedInClient.Password }, Ct);
        using var status = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(await WithoutTraceIdAsync(wrongPassword), await WithoutTraceIdAsync(unknownUser));
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.True(problem.Remove("traceId"));
        return problem.ToJsonString();
    }

    [Fact]
    public async Task Login_RightPasswordAnyCase_SignsInAndLogoutSignsOut()
    {
        await using var gateway = GatewayHost.WithFakes();
        (await gateway.CreateSignedInClientAsync()).Dispose();
        using var http = gateway.CreateClient();
        await http.UseAntiforgeryTokenAsync();

        using var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "OWNER", password = SignedInClient.Password }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("TeslaSync.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var signedIn = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        await http.UseAntiforgeryTokenAsync();
        using var logout = await http.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null, Ct);
        using var signedOut = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Fact]
    public async Task Restart_OnTheSameDataDirectory_KeepsTheUserAndTheSignIn()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("teslasync-gateway-restart-").FullName;
        try
        {
            var cookies = new CookieContainer();
            await using (var first = GatewayHost.WithFakes(settings: new Dictionary<string, string> { ["Storage:DataDirectory"] = dataDirectory }))
            {
                using var http = await first.CreateSignedInClientAsync(cookies: cookies);
                using var status = await http.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            }

            SqliteConnection.ClearAllPools();
            await using var second = GatewayHost.WithFakes(settings: new Dictionary<string, string> { ["Storage:DataDirectory"] = dataDirectory });
            using var browser = second.CreateDefaultClient(new CookieContainerHandler(cookies));
            using var stillSignedIn = await browser.GetAsync(new Uri("/api/status", UriKind.Relative), Ct);
            using var fresh = second.CreateClient();
            var state = await fresh.GetFromJsonAsync<JsonObject>("/api/auth/state", Ct);
            await fresh.UseAntiforgeryTokenAsync();
            using var login = await fresh.PostAsJsonAsync("/api/auth/login", new { userName = SignedInClient.UserName, password = SignedInClient.Password }, Ct);

            Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
            Assert.True((bool)state!["userExists"]!);
            Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
