using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TeslaSync.Simulator.Tests;

public sealed class AmberWebSocketTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribe_ValidSite_AcksThenPushesCurrentIntervalsAfterBoundary()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike); // 13:02:00 NEM
        using var socket = await ConnectAsync(host, SimulatorHost.AmberToken);

        await SendAsync(socket, $$$"""{"service":"live-prices","action":"subscribe","data":{"siteId":"{{{SimulatorHost.SiteId}}}"}}""");
        Assert.Equal("""{"service":"live-prices","action":"subscribe","status":200}""", await ReceiveAsync(socket));

        // Nothing before the boundary + 2 s; the push comes at 13:05:02.
        host.Time.Advance(TimeSpan.FromMinutes(3));
        var early = ReceiveAsync(socket);
        await Task.Delay(200, Ct);
        Assert.False(early.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var push = await early.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        using var doc = JsonDocument.Parse(push);
        var root = doc.RootElement;
        Assert.Equal(["service", "action", "data"], JsonShape.Keys(root));
        Assert.Equal("price-update", root.GetProperty("action").GetString());
        Assert.Equal(SimulatorHost.SiteId, root.GetProperty("data").GetProperty("siteId").GetString());
        var prices = root.GetProperty("data").GetProperty("prices");
        Assert.Equal(["general", "feedIn"], prices.EnumerateArray().Select(p => p.GetProperty("channelType").GetString()));
        Assert.All(prices.EnumerateArray(), p => Assert.Equal("CurrentInterval", p.GetProperty("type").GetString()));

        // Same numbers as the REST endpoint at the same instant.
        var rest = await host.AmberJsonAsync($"/amber/v1/sites/{SimulatorHost.SiteId}/prices/current");
        Assert.Equal(rest.GetRawText(), prices.GetRawText());

        // And again at the next boundary.
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await ReceiveAsync(socket).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Contains("\"price-update\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_UnknownSite_AckStatus404()
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike);
        using var socket = await ConnectAsync(host, SimulatorHost.AmberToken);
        await SendAsync(socket, """{"service":"live-prices","action":"subscribe","data":{"siteId":"01HZZZZZZZZZZZZZZZZZZZZZZZ"}}""");
        Assert.Equal("""{"service":"live-prices","action":"subscribe","status":404}""", await ReceiveAsync(socket));
    }

    [Theory]
    [InlineData(false, "wrong", HttpStatusCode.Unauthorized)]
    [InlineData(true, SimulatorHost.AmberToken, HttpStatusCode.Forbidden)]
    public async Task Handshake_BadTokenOrForbiddenOption_Rejected(bool forbidden, string token, HttpStatusCode expected)
    {
        await using var host = await SimulatorHost.StartAsync(SimulatorHost.MondayAfterSpike, $"--Simulator:Amber:WebSocketForbidden={forbidden}");
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(host), Ct));
        Assert.Equal(expected, socket.HttpStatusCode);
    }

    private static Uri WebSocketUri(SimulatorHost host) => new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/amber/ws" }.Uri;

    private static async Task<ClientWebSocket> ConnectAsync(SimulatorHost host, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        await socket.ConnectAsync(WebSocketUri(host), Ct);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Ct);

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
