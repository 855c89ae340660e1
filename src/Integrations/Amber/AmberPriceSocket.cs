using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Amber;

/// <summary>
/// One short visit to Amber's live-prices WebSocket (CONTRACTS §1.8): connect with the bearer header, subscribe, wait
/// for the ack and one <c>price-update</c> for the site, close. Amber asked clients not to hold sockets open, so
/// nothing here stays connected between calls.
/// </summary>
public sealed class AmberPriceSocket(IOptionsMonitor<AmberOptions> options, TimeProvider time)
{
    private const int MaxFrameBytes = 1 << 20;

    /// <summary>Named like the services' sources (TeslaSync.*), so every service that uses the socket records the visit.</summary>
    private static readonly ActivitySource Telemetry = new("TeslaSync.Integrations.Amber");

    /// <summary>True when a WebSocket URL is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.WebSocketUrl);

    /// <summary>Waits for the next price update of <paramref name="siteId"/>, at most <see cref="AmberOptions.WebSocketTimeoutSeconds"/>.</summary>
    /// <exception cref="AmberApiException">
    /// <see cref="AmberErrorKind.Forbidden"/> when the handshake is refused with 403 (account outside the alpha),
    /// <see cref="AmberErrorKind.Unauthorized"/> on 401, <see cref="AmberErrorKind.SocketTimeout"/> when no update came in
    /// time, <see cref="AmberErrorKind.UnexpectedStatus"/> when the subscription was refused, and
    /// <see cref="AmberErrorKind.MalformedResponse"/> for an unreadable frame.
    /// </exception>
    public async Task<AmberPriceUpdate> ReceiveOneUpdateAsync(string siteId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(siteId);
        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.WebSocketUrl) || string.IsNullOrWhiteSpace(settings.ApiToken))
        {
            throw new AmberApiException(AmberErrorKind.NotConfigured, "No Amber WebSocket URL or API token is configured; nothing was sent.");
        }

        var timeoutAfter = TimeSpan.FromSeconds(Math.Max(1, settings.WebSocketTimeoutSeconds));
        // On the injected clock, so tests can run the 60 s timeout on a fake one.
        using var timeout = new CancellationTokenSource(timeoutAfter, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // The visit as a span: how long the caller waited for Amber's push, and (as an event) the instant it arrived.
        using var activity = Telemetry.StartActivity("amber websocket visit", ActivityKind.Client);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {settings.ApiToken}");

        try
        {
            await ConnectAsync(socket, new Uri(settings.WebSocketUrl), linked.Token);
            await socket.SendAsync(Encoding.UTF8.GetBytes(AmberSocketProtocol.CreateSubscribeRequest(siteId)),
                WebSocketMessageType.Text, endOfMessage: true, linked.Token);

            while (true)
            {
                var frame = await ReceiveFrameAsync(socket, linked.Token)
                    ?? throw new AmberApiException(AmberErrorKind.SocketTimeout, "Amber closed the WebSocket before sending a price update.");
                switch (AmberSocketProtocol.Parse(frame))
                {
                    case AmberSubscribeAck { Succeeded: false } ack:
                        throw new AmberApiException(AmberErrorKind.UnexpectedStatus,
                            $"Amber refused the live-prices subscription (status {ack.Status}).", (HttpStatusCode)ack.Status);
                    case AmberPriceUpdate update when update.SiteId.Length == 0 || update.SiteId == siteId:
                        // Stamped before the close handshake, which the caller also waits for but which is not Amber's doing.
                        activity?.AddEvent(new ActivityEvent("price-update received"));
                        await CloseQuietlyAsync(socket);
                        return update;
                }
            }
        }
        catch (Exception exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                          && exception is OperationCanceledException or WebSocketException)
        {
            throw new AmberApiException(AmberErrorKind.SocketTimeout,
                $"No price update on the Amber WebSocket within {timeoutAfter.TotalSeconds:0} s.", innerException: exception);
        }
        catch (WebSocketException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AmberApiException(AmberErrorKind.SocketTimeout, $"The Amber WebSocket failed: {exception.Message}", innerException: exception);
        }
    }

    private static async Task ConnectAsync(ClientWebSocket socket, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch (WebSocketException exception) when (socket.HttpStatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            var forbidden = socket.HttpStatusCode == HttpStatusCode.Forbidden;
            throw new AmberApiException(
                forbidden ? AmberErrorKind.Forbidden : AmberErrorKind.Unauthorized,
                forbidden
                    ? "Amber refused the WebSocket handshake with 403: the account is not in the live-prices alpha."
                    : "Amber refused the WebSocket handshake with 401: the API key is missing or invalid.",
                socket.HttpStatusCode, innerException: exception);
        }
    }

    private static async Task<byte[]?> ReceiveFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxFrameBytes)
            {
                throw new AmberApiException(AmberErrorKind.MalformedResponse, "Amber WebSocket frame is larger than 1 MB.");
            }

            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    /// <summary>A clean close handshake, but never more than a couple of seconds of it: the update is already in hand.</summary>
    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The server went first or is slow to answer; disposing the socket aborts what is left.
        }
    }
}
