using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeslaSync.Contracts.GridEvents.V1;
using TeslaSync.Contracts.TariffSync.V1;

namespace TeslaSync.Gateway.FunctionalTests;

/// <summary>Every state-changing request needs the anti-forgery token of this browser and this user.</summary>
public sealed class AntiforgeryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> BadTokens => ["missing", "garbage", "another browser's", "from before sign-in"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task JsonPostPutDelete_WithoutTheRightToken_Return400AndReachNoService(string token)
    {
        var tariffSync = new FakeBackend();
        var gridEvents = new FakeBackend();
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync, gridEvents: gridEvents);
        using var http = gateway.CreateClient();
        var anonymousToken = await http.GetAntiforgeryTokenAsync();
        using (var signIn = await SignInWithAsync(http, anonymousToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        }

        using var otherBrowser = await gateway.CreateSignedInClientAsync();
        var header = token switch
        {
            "missing" => null,
            "garbage" => "CfDJ8-not-a-token",
            "another browser's" => otherBrowser.DefaultRequestHeaders.GetValues(SignedInClient.TokenHeader).Single(),
            _ => anonymousToken,
        };

        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("POST", "/api/sync", null),
                     ("PUT", "/api/sync/settings", new { autoSync = false }),
                     ("POST", "/api/grid/force", new { direction = "charge", minutes = 30 }),
                     ("DELETE", "/api/grid/force", null),
                     ("POST", "/api/auth/logout", null),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            if (header is not null)
            {
                request.Headers.Add(SignedInClient.TokenHeader, header);
            }

            using var response = await http.SendAsync(request, Ct);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} with a {token} token: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(tariffSync.Requests);
        Assert.Empty(gridEvents.Requests);
        // The refused logout left this browser signed in.
        using var status = await http.GetAsync(new Uri("/api/auth/state", UriKind.Relative), Ct);
        Assert.True((bool)(await status.Content.ReadFromJsonAsync<JsonObject>(Ct))!["signedIn"]!);
    }

    [Fact]
    public async Task JsonPost_WithThisBrowsersTokenForTheUser_ReachesTheService()
    {
        var tariffSync = new FakeBackend()
            .Answer<SetAutoSyncRequest, SyncSettings>("SetAutoSync", request => new SyncSettings { AutoSync = request.Enabled });
        var gridEvents = new FakeBackend().Answer<CancelForceRequest, ForceStatus>("CancelForce", _ => new ForceStatus { Outcome = "released" });
        await using var gateway = GatewayHost.WithFakes(tariffSync: tariffSync, gridEvents: gridEvents);
        using var http = await gateway.CreateSignedInClientAsync();

        using var put = await http.PutAsJsonAsync("/api/sync/settings", new { autoSync = true }, Ct);
        using var delete = await http.DeleteAsync(new Uri("/api/grid/force", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.True(tariffSync.Single<SetAutoSyncRequest>().Enabled);
        Assert.Single(gridEvents.Requests);
    }

    [Fact]
    public async Task LoginAndSetup_WithoutAToken_Return400AndSignNobodyIn()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = gateway.CreateClient();

        using var setup = await http.PostAsJsonAsync("/api/auth/setup", new { userName = "owner", password = SignedInClient.Password }, Ct);
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "owner", password = SignedInClient.Password }, Ct);
        var state = await http.GetFromJsonAsync<JsonObject>("/api/auth/state", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, setup.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.False((bool)state!["userExists"]!);
        Assert.False((bool)state["signedIn"]!);
    }

    [Fact]
    public async Task FormPost_WithoutAToken_Returns400()
    {
        await using var gateway = GatewayHost.WithFakes();
        using var http = await gateway.CreateSignedInClientAsync();
        http.DefaultRequestHeaders.Remove(SignedInClient.TokenHeader);

        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("autoSync", "false")]);
        using var response = await http.PostAsync(new Uri("/api/sync", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Sets up the user with the given anonymous token; the client is then signed in.</summary>
    private static async Task<HttpResponseMessage> SignInWithAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/setup")
        {
            Content = JsonContent.Create(new { userName = SignedInClient.UserName, password = SignedInClient.Password }),
        };
        request.Headers.Add(SignedInClient.TokenHeader, token);
        return await http.SendAsync(request, Ct);
    }
}
