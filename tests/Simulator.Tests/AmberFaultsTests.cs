using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TeslaSync.Simulator.Amber;

namespace TeslaSync.Simulator.Tests;

/// <summary>Run-time controls of the Amber double: REST faults (<c>/sim/amber/faults</c>) and WebSocket modes (<c>/sim/amber/websocket</c>).</summary>
public sealed class AmberFaultsTests
{
    private const string Current = $"/amber/v1/sites/{SimulatorHost.SiteId}/prices/current";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Faults_RateLimitWithHeaders_Served429OnceThenNormal()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        await PostFaultsAsync(host, AmberFault.RateLimit(retryAfterSeconds: 60, rateLimitResetSeconds: 120, path: "/sites/*/prices/current"));

        using var sites = await host.AmberGetAsync("/amber/v1/sites");
        using var limited = await host.AmberGetAsync(Current);
        using var after = await host.AmberGetAsync(Current);

        Assert.Equal(HttpStatusCode.OK, sites.StatusCode); // the path did not match
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("""{"message":"Too Many Requests"}""", await limited.Content.ReadAsStringAsync(Ct));
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("120", string.Join(",", limited.Headers.GetValues("RateLimit-Reset")));
        Assert.Equal("TooManyRequestsException", string.Join(",", limited.Headers.GetValues("x-amzn-ErrorType")));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Faults_ServerError_ServesTheCapturedBody()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        await PostFaultsAsync(host, AmberFault.ServerError());

        using var response = await host.AmberGetAsync(Current);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Faults_Malformed_Served200WithBrokenJsonAndLoggedAsText()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        await PostFaultsAsync(host, AmberFault.Malformed());

        using var response = await host.AmberGetAsync(Current);
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var log = await host.Http.GetAsync("/sim/amber/requests", Ct);
        var entry = Assert.Single((await host.GetJsonAsync(log)).EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        Assert.Equal(body, entry.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Faults_Latency_DelaysThenAnswersNormally()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        await PostFaultsAsync(host, AmberFault.Latency(400));

        var watch = Stopwatch.StartNew();
        using var response = await host.AmberGetAsync(Current);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 350, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_UnknownKind_Rejected()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var response = await host.Http.PostAsJsonAsync("/sim/amber/faults", new[] { new AmberFault("teapot") }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WebSocketControl_ForbiddenAtRunTime_RefusesThenAcceptsAgainAfterReset()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        await SetWebSocketAsync(host, """{"forbidden":true}""");

        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        refused.Options.SetRequestHeader("Authorization", $"Bearer {SimulatorHost.AmberToken}");
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(WebSocketUri(host), Ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.HttpStatusCode);

        using var reset = await host.Http.PostAsync("/sim/reset", null, Ct);
        using var accepted = await ConnectAsync(host);
        var state = await StateAsync(host);
        Assert.Equal(2, state.GetProperty("handshakeAttempts").GetInt64());
        Assert.Equal(1, state.GetProperty("handshakesRefused").GetInt64());
        Assert.False(state.GetProperty("forbidden").GetBoolean());
    }

    [Fact]
    public async Task WebSocketControl_Silent_AcksButNeverPushes()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike); // 13:02
        await SetWebSocketAsync(host, """{"silent":true}""");
        using var socket = await ConnectAsync(host);

        await SubscribeAsync(socket);
        Assert.Contains("\"status\":200", await ReceiveAsync(socket), StringComparison.Ordinal);
        var push = ReceiveAsync(socket);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(300, Ct);

        Assert.False(push.IsCompleted);
        Assert.Equal(0, (await StateAsync(host)).GetProperty("pushesSent").GetInt64());
    }

    [Fact]
    public async Task WebSocketControl_PushDelayChanged_PushComesThatLongAfterTheBoundary()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike); // 13:02
        var state = await SetWebSocketAsync(host, """{"pushDelaySeconds":20}""");
        Assert.Equal(20, state.GetProperty("pushDelaySeconds").GetDouble());
        using var socket = await ConnectAsync(host);
        await SubscribeAsync(socket);
        await ReceiveAsync(socket); // ack

        var push = ReceiveAsync(socket);
        host.Time.Advance(TimeSpan.FromSeconds(3 * 60 + 19)); // 13:05:19
        await Task.Delay(200, Ct);
        Assert.False(push.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Contains("\"price-update\"", await push.WaitAsync(TimeSpan.FromSeconds(10), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocketControl_PushDelayOutOfRange_Rejected()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var content = new StringContent("""{"pushDelaySeconds":300}""", Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/sim/amber/websocket", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task PostFaultsAsync(SimulatorHost host, params AmberFault[] faults)
    {
        using var response = await host.Http.PostAsJsonAsync("/sim/amber/faults", faults, Ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> SetWebSocketAsync(SimulatorHost host, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/sim/amber/websocket", content, Ct);
        response.EnsureSuccessStatusCode();
        return await host.GetJsonAsync(response);
    }

    private static async Task<JsonElement> StateAsync(SimulatorHost host)
    {
        using var response = await host.Http.GetAsync("/sim/amber/websocket", Ct);
        return await host.GetJsonAsync(response);
    }

    private static Uri WebSocketUri(SimulatorHost host) => new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/amber/ws" }.Uri;

    private static async Task<ClientWebSocket> ConnectAsync(SimulatorHost host)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {SimulatorHost.AmberToken}");
        await socket.ConnectAsync(WebSocketUri(host), Ct);
        return socket;
    }

    private static Task SubscribeAsync(ClientWebSocket socket) => socket.SendAsync(
        Encoding.UTF8.GetBytes($$$"""{"service":"live-prices","action":"subscribe","data":{"siteId":"{{{SimulatorHost.SiteId}}}"}}"""),
        WebSocketMessageType.Text, endOfMessage: true, Ct);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, Ct);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
