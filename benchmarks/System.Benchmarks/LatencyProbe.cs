using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.SystemBenchmarks;

/// <summary>A price-update the simulated Amber pushed, as a subscriber of its own received it (wall clock).</summary>
internal sealed record Push(DateTimeOffset ReceivedAt, string Message);

/// <summary>
/// A new price made public by the simulated Amber (pushed on the WebSocket, or available from REST),
/// matched with the first tariff upload the simulated Powerwall received after it; both wall clock.
/// </summary>
internal sealed record PriceToPowerwall(DateTimeOffset PublishedAt, DateTimeOffset UploadedAt)
{
    public TimeSpan Latency => UploadedAt - PublishedAt;
}

/// <summary>
/// The start of the WebSocket latency: subscribes to the simulated Amber's live-prices WebSocket
/// alongside PriceIngest, so it sees each price-update as PriceIngest does (same simulator, same
/// push timer, loopback), and stamps each with the wall clock.
/// </summary>
internal sealed class LatencyProbe : IAsyncDisposable
{
    /// <summary>The simulator's demo Amber account (src/Simulator/appsettings.json, AppHost ExternalApis).</summary>
    private const string AmberToken = "sim-amber-token";

    private const string AmberSiteId = "01HZDEM0S1TESA000000000001";

    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Push> pushes = [];
    private Task? receiving;

    private LatencyProbe()
    {
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

    public static async Task<LatencyProbe> StartAsync(Uri simulator, CancellationToken cancellationToken)
    {
        var probe = new LatencyProbe();
        probe.socket.Options.SetRequestHeader("Authorization", $"Bearer {AmberToken}");
        var webSocket = new UriBuilder(new Uri(simulator, "amber/ws")) { Scheme = simulator.Scheme == "https" ? "wss" : "ws" }.Uri;
        await probe.socket.ConnectAsync(webSocket, cancellationToken);
        var subscribe = $$$"""{"service":"live-prices","action":"subscribe","data":{"siteId":"{{{AmberSiteId}}}"}}""";
        await probe.socket.SendAsync(Encoding.UTF8.GetBytes(subscribe), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        probe.receiving = probe.ReceiveAsync(probe.stop.Token);
        return probe;
    }

    /// <summary>When each 5-minute interval's price was pushed: the first push of each interval, wall clock.</summary>
    public IReadOnlyList<DateTimeOffset> PushInstants(ReplayClock clock)
    {
        // The simulator's push timer runs on the replay clock and can fire a hair early, in which case the
        // same interval's price is pushed again milliseconds later: keep the first of each interval.
        var halfInterval = ReplayClock.PricePeriod / 2 / clock.Speed;
        var first = new List<DateTimeOffset>();
        foreach (var push in Pushes)
        {
            if (first.Count == 0 || push.ReceivedAt - first[^1] > halfInterval)
            {
                first.Add(push.ReceivedAt);
            }
        }

        return first;
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

/// <summary>
/// The end of the latency: the simulated Powerwall's tariff uploads, read after the replay. The
/// simulator stamps them on the replay clock; <see cref="ReplayClock.ToWallClock"/> turns them back
/// into wall-clock instants with the clock settings the launcher gave every process.
/// </summary>
internal static class PowerwallUploads
{
    /// <summary>The simulated Powerwall's energy site (the simulator's default).</summary>
    private const string EnergySiteId = "2252150839614386";

    public static async Task<IReadOnlyList<DateTimeOffset>> ReadAsync(Uri simulator, ReplayClock clock, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var uploads = await http.GetFromJsonAsync<JsonArray>(new Uri(simulator, $"sim/tesla/energy_sites/{EnergySiteId}/uploads"), cancellationToken);
        return [.. uploads!.Select(u => clock.ToWallClock(DateTimeOffset.Parse((string)u!["receivedAt"]!, CultureInfo.InvariantCulture))).Order()];
    }

    /// <summary>
    /// Each published price (ascending) matched with the first upload at or after it, if that came
    /// before the next price (an upload is due only when a rate moved materially).
    /// </summary>
    public static IReadOnlyList<PriceToPowerwall> Match(IReadOnlyList<DateTimeOffset> published, IReadOnlyList<DateTimeOffset> uploads)
    {
        var matched = new List<PriceToPowerwall>();
        for (var i = 0; i < published.Count; i++)
        {
            var next = i + 1 < published.Count ? published[i + 1] : DateTimeOffset.MaxValue;
            var upload = uploads.FirstOrDefault(u => u >= published[i] && u < next);
            if (upload != default)
            {
                matched.Add(new PriceToPowerwall(published[i], upload));
            }
        }

        return matched;
    }

    /// <summary>The uploads at or after the first published price.</summary>
    public static int CountSince(IReadOnlyList<DateTimeOffset> published, IReadOnlyList<DateTimeOffset> uploads) =>
        published.Count == 0 ? 0 : uploads.Count(u => u >= published[0]);
}

/// <summary>The replay clock every process shares: simulated = Start + (wall − Anchor) × Speed.</summary>
internal sealed record ReplayClock(DateTimeOffset Start, DateTimeOffset Anchor, double Speed)
{
    /// <summary>Amber's prices change at every 5-minute boundary of (simulated) NEM time, which is UTC+10, so of UTC too.</summary>
    public static readonly TimeSpan PricePeriod = TimeSpan.FromMinutes(5);

    public DateTimeOffset ToWallClock(DateTimeOffset simulated) => Anchor + ((simulated - Start) / Speed);

    public DateTimeOffset ToSimulated(DateTimeOffset wall) => Start + ((wall - Anchor) * Speed);

    /// <summary>The wall-clock instants of the simulated 5-minute boundaries from <paramref name="from"/> to <paramref name="to"/> (wall clock).</summary>
    public IReadOnlyList<DateTimeOffset> PriceBoundaries(DateTimeOffset from, DateTimeOffset to)
    {
        var period = PricePeriod.Ticks;
        var first = new DateTimeOffset((ToSimulated(from).UtcTicks + period - 1) / period * period, TimeSpan.Zero); // at or after from
        var boundaries = new List<DateTimeOffset>();
        for (var boundary = first; ToWallClock(boundary) <= to; boundary += PricePeriod)
        {
            boundaries.Add(ToWallClock(boundary));
        }

        return boundaries;
    }

    public static ReplayClock? From(Func<string, string?> environment) =>
        environment("Clock__Start") is { } start && environment("Clock__Anchor") is { } anchor && environment("Clock__Speed") is { } speed
            ? new ReplayClock(
                DateTimeOffset.Parse(start, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(anchor, CultureInfo.InvariantCulture),
                double.Parse(speed, CultureInfo.InvariantCulture))
            : null;
}
