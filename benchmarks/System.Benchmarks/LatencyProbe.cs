using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.SystemBenchmarks;

/// <summary>A price-update the simulated Amber pushed, as a subscriber of its own received it (wall clock).</summary>
internal sealed record Push(DateTimeOffset ReceivedAt, string Message);

/// <summary>A price push matched with the first tariff upload the simulated Powerwall received after it.</summary>
internal sealed record PushToPowerwall(DateTimeOffset PushedAt, DateTimeOffset UploadedAt)
{
    public TimeSpan Latency => UploadedAt - PushedAt;
}

/// <summary>
/// Price-to-Powerwall latency, end to end: subscribes to the simulated Amber's live-prices WebSocket
/// alongside PriceIngest, so it sees each price-update as PriceIngest does (same simulator, same
/// push timer, loopback), and afterwards asks the simulated Powerwall when each tariff upload
/// arrived. The simulator stamps uploads on the replay clock; <see cref="ToWallClock"/> turns them
/// back into wall-clock instants with the clock settings the launcher gave every process.
/// </summary>
internal sealed class LatencyProbe : IAsyncDisposable
{
    /// <summary>The simulator's demo Amber account (src/Simulator/appsettings.json, AppHost ExternalApis).</summary>
    private const string AmberToken = "sim-amber-token";

    private const string AmberSiteId = "01HZDEM0S1TESA000000000001";

    /// <summary>The simulated Powerwall's energy site (the simulator's default).</summary>
    private const string EnergySiteId = "2252150839614386";

    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Push> pushes = [];
    private readonly Uri simulator;
    private readonly ReplayClock clock;
    private Task? receiving;

    private LatencyProbe(Uri simulator, ReplayClock clock)
    {
        this.simulator = simulator;
        this.clock = clock;
    }

    public IReadOnlyList<Push> Pushes
    {
        get
        {
            lock (pushes)
            {
                return [.. pushes];
            }
        }
    }

    public static async Task<LatencyProbe> StartAsync(Uri simulator, ReplayClock clock, CancellationToken cancellationToken)
    {
        var probe = new LatencyProbe(simulator, clock);
        probe.socket.Options.SetRequestHeader("Authorization", $"Bearer {AmberToken}");
        var webSocket = new UriBuilder(new Uri(simulator, "amber/ws")) { Scheme = simulator.Scheme == "https" ? "wss" : "ws" }.Uri;
        await probe.socket.ConnectAsync(webSocket, cancellationToken);
        var subscribe = $$$"""{"service":"live-prices","action":"subscribe","data":{"siteId":"{{{AmberSiteId}}}"}}""";
        await probe.socket.SendAsync(Encoding.UTF8.GetBytes(subscribe), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        probe.receiving = probe.ReceiveAsync(probe.stop.Token);
        return probe;
    }

    /// <summary>
    /// Each push matched with the first upload after it, if that came before the next push (an
    /// upload is due only when a rate moved materially, at most once per 5-minute period).
    /// </summary>
    public async Task<(IReadOnlyList<PushToPowerwall> Matched, int Pushes, int Uploads)> MatchAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var uploads = (await http.GetFromJsonAsync<JsonArray>(new Uri(simulator, $"sim/tesla/energy_sites/{EnergySiteId}/uploads"), cancellationToken))!
            .Select(u => clock.ToWallClock(DateTimeOffset.Parse((string)u!["receivedAt"]!, CultureInfo.InvariantCulture)))
            .Order()
            .ToList();
        // The simulator's push timer runs on the replay clock and can fire a hair early, in which case the
        // same interval's price is pushed again milliseconds later: keep the first of each interval.
        var halfInterval = TimeSpan.FromMinutes(2.5) / clock.Speed;
        var seen = new List<Push>();
        foreach (var push in Pushes)
        {
            if (seen.Count == 0 || push.ReceivedAt - seen[^1].ReceivedAt > halfInterval)
            {
                seen.Add(push);
            }
        }

        var matched = new List<PushToPowerwall>();
        for (var i = 0; i < seen.Count; i++)
        {
            var next = i + 1 < seen.Count ? seen[i + 1].ReceivedAt : DateTimeOffset.MaxValue;
            var upload = uploads.FirstOrDefault(u => u >= seen[i].ReceivedAt && u < next);
            if (upload != default)
            {
                matched.Add(new PushToPowerwall(seen[i].ReceivedAt, upload));
            }
        }

        return (matched, seen.Count, uploads.Count(u => seen.Count > 0 && u >= seen[0].ReceivedAt));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (receiving is not null)
        {
            try
            {
                await receiving;
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }
        }

        socket.Dispose();
        stop.Dispose();
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            var receivedAt = DateTimeOffset.UtcNow;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            if (IsPriceUpdate(text))
            {
                lock (pushes)
                {
                    pushes.Add(new Push(receivedAt, text));
                }
            }
        }
    }

    private static bool IsPriceUpdate(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("action", out var action) && action.ValueEquals("price-update");
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>The replay clock every process shares: simulated = Start + (wall − Anchor) × Speed.</summary>
internal sealed record ReplayClock(DateTimeOffset Start, DateTimeOffset Anchor, double Speed)
{
    public DateTimeOffset ToWallClock(DateTimeOffset simulated) => Anchor + ((simulated - Start) / Speed);

    public static ReplayClock? From(Func<string, string?> environment) =>
        environment("Clock__Start") is { } start && environment("Clock__Anchor") is { } anchor && environment("Clock__Speed") is { } speed
            ? new ReplayClock(
                DateTimeOffset.Parse(start, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(anchor, CultureInfo.InvariantCulture),
                double.Parse(speed, CultureInfo.InvariantCulture))
            : null;
}
