using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Amber;

/// <summary>
/// Amber's alpha live-prices WebSocket at <c>/amber/ws</c> (CONTRACTS §1.8): bearer header,
/// subscribe → ack, then a <c>price-update</c> with each channel's CurrentInterval shortly after
/// every 5-minute boundary. Timing goes through <see cref="TimeProvider"/> so tests can advance a fake clock.
/// 403 mode, push delay and a silent mode (ack, never push) are switched at run time through <see cref="AmberWebSocketSettings"/>.
/// </summary>
public static class AmberWebSocketEndpoint
{
    public static IEndpointRouteBuilder MapAmberWebSocket(this IEndpointRouteBuilder app)
    {
        app.Map("/amber/ws", async (HttpContext http, IOptions<AmberOptions> options, AmberPriceModel model,
            TimeProvider time, AmberWebSocketStats stats, AmberWebSocketSettings settings) =>
        {
            var site = options.Value;
            stats.HandshakeAttempted();
            if (settings.Current.Forbidden)
            {
                // Accounts outside the alpha are refused at the handshake; clients fall back to polling.
                stats.HandshakeRefused();
                return Results.Content(AmberJson.Message("Forbidden"), "application/json", statusCode: 403);
            }

            if (!BearerToken.Matches(http, site.ApiToken))
            {
                return Results.Content(AmberJson.Message("Unauthorized"), "application/json", statusCode: 401);
            }

            if (!http.WebSockets.IsWebSocketRequest)
            {
                return Results.Content(AmberJson.Message("Expected a WebSocket upgrade"), "application/json", statusCode: 400);
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            stats.Opened();
            try
            {
                using var session = new Session(socket, site, settings, model, time, stats);
                await session.RunAsync(http.RequestAborted);
            }
            finally
            {
                stats.Closed();
            }

            return Results.Empty;
        });

        return app;
    }

    private sealed class Session(WebSocket socket, AmberOptions site, AmberWebSocketSettings settings, AmberPriceModel model, TimeProvider time,
        AmberWebSocketStats stats)
        : IDisposable
    {
        // WebSocket allows one send at a time; the ack and the push loop share the socket.
        private readonly SemaphoreSlim _sendGate = new(1, 1);

        public void Dispose() => _sendGate.Dispose();

        public async Task RunAsync(CancellationToken aborted)
        {
            using var closing = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            Task? pushLoop = null;
            var buffer = new byte[8192];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var message = await ReceiveTextAsync(buffer, closing.Token);
                    if (message is null)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        break;
                    }

                    var subscribedSite = ReadSubscribe(message);
                    if (subscribedSite is null)
                    {
                        continue; // Unknown messages are ignored.
                    }

                    var known = string.Equals(subscribedSite, site.SiteId, StringComparison.Ordinal);
                    if (known && pushLoop is null && !settings.Current.Silent)
                    {
                        // Arm the first timer before acknowledging, so a client (or test) that sees the ack
                        // can rely on the next boundary producing a push.
                        var firstWait = DelayUntilNextPush(closing.Token);
                        pushLoop = PushLoopAsync(firstWait, closing.Token);
                    }

                    await SendAsync(AmberJson.SubscribeAck(known ? 200 : 404), closing.Token);
                    if (known)
                    {
                        stats.Subscribed();
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // Client went away.
            }
            finally
            {
                await closing.CancelAsync();
                if (pushLoop is not null)
                {
                    try
                    {
                        await pushLoop;
                    }
                    catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                    {
                    }
                }
            }
        }

        private async Task PushLoopAsync(Task firstWait, CancellationToken cancellation)
        {
            var wait = firstWait;
            while (!cancellation.IsCancellationRequested)
            {
                await wait;
                if (settings.Current.Silent)
                {
                    wait = DelayUntilNextPush(cancellation);
                    continue;
                }

                var now = time.GetUtcNow();
                var current = model.CurrentWindow(site.Region, now, previous: 0, next: 0, site.IntervalLength);
                await SendAsync(AmberJson.PriceUpdate(site.SiteId, current), cancellation);
                stats.Pushed();
                wait = DelayUntilNextPush(cancellation);
            }
        }

        private Task DelayUntilNextPush(CancellationToken cancellation)
        {
            var now = time.GetUtcNow();
            var delay = TimeSpan.FromSeconds(settings.Current.PushDelaySeconds);
            var due = NemTime.FloorToInterval(now, 5) + delay;
            if (due <= now)
            {
                due += NemTime.FiveMinutes;
            }

            return Task.Delay(due - now, time, cancellation);
        }

        private async Task SendAsync(string json, CancellationToken cancellation)
        {
            await _sendGate.WaitAsync(cancellation);
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellation);
            }
            finally
            {
                _sendGate.Release();
            }
        }

        private async Task<string?> ReceiveTextAsync(byte[] buffer, CancellationToken cancellation)
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellation);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                }
            }
        }

        /// <summary>The siteId of a <c>{"service":"live-prices","action":"subscribe","data":{"siteId":...}}</c> message, else null.</summary>
        private static string? ReadSubscribe(string message)
        {
            try
            {
                using var doc = JsonDocument.Parse(message);
                var root = doc.RootElement;
                return root.ValueKind == JsonValueKind.Object &&
                       root.TryGetProperty("service", out var service) && service.ValueEquals("live-prices") &&
                       root.TryGetProperty("action", out var action) && action.ValueEquals("subscribe") &&
                       root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
                       data.TryGetProperty("siteId", out var siteId) && siteId.ValueKind == JsonValueKind.String
                    ? siteId.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

/// <summary>Counters for <c>/sim/state</c>.</summary>
public sealed class AmberWebSocketStats
{
    private int _open;
    private long _pushes;
    private long _handshakes;
    private long _refused;
    private long _subscriptions;
    private long _lastPushTicks;

    public int OpenConnections => Volatile.Read(ref _open);

    public long PushesSent => Interlocked.Read(ref _pushes);

    /// <summary>Every request to <c>/amber/ws</c>, refused ones included.</summary>
    public long HandshakeAttempts => Interlocked.Read(ref _handshakes);

    /// <summary>Handshakes answered 403 (forbidden mode).</summary>
    public long HandshakesRefused => Interlocked.Read(ref _refused);

    /// <summary>Subscriptions acknowledged with 200.</summary>
    public long Subscriptions => Interlocked.Read(ref _subscriptions);

    /// <summary>Wall-clock time of the last push (not the simulator's clock), for latency measurements; null before the first.</summary>
    public DateTimeOffset? LastPushWallClock => Interlocked.Read(ref _lastPushTicks) is var ticks and > 0
        ? new DateTimeOffset(ticks, TimeSpan.Zero)
        : null;

    public void Opened() => Interlocked.Increment(ref _open);

    public void Closed() => Interlocked.Decrement(ref _open);

    public void HandshakeAttempted() => Interlocked.Increment(ref _handshakes);

    public void HandshakeRefused() => Interlocked.Increment(ref _refused);

    public void Subscribed() => Interlocked.Increment(ref _subscriptions);

    public void Pushed()
    {
        Interlocked.Exchange(ref _lastPushTicks, DateTimeOffset.UtcNow.UtcTicks);
        Interlocked.Increment(ref _pushes);
    }
}
