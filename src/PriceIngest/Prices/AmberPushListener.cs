using Microsoft.Extensions.Options;
using TeslaSync.Integrations.Amber;

namespace TeslaSync.PriceIngest.Prices;

/// <summary>
/// Decides whether to visit Amber's live-prices WebSocket at a boundary and makes the visit: one connection per interval,
/// one update, disconnect (SPEC §2). Any failure returns null so the caller polls REST instead.
/// </summary>
/// <remarks>
/// A 403 at the handshake means the account is not in Amber's alpha; that will not change in minutes, so the socket
/// is left alone for <see cref="AmberOptions.WebSocketForbiddenRetryHours"/> and the reason is logged once. This is
/// remembered in memory only: a restart tries once more.
/// </remarks>
internal sealed partial class AmberPushListener(
    AmberPriceSocket socket,
    IOptionsMonitor<AmberOptions> options,
    TimeProvider time,
    ILogger<AmberPushListener> logger)
{
    private DateTimeOffset? _forbiddenUntil;
    private bool _forbiddenLogged;

    /// <summary>True when a WebSocket URL is configured and Amber has not refused this account recently.</summary>
    public bool ShouldTry(DateTimeOffset now) => socket.IsConfigured && !(now < _forbiddenUntil);

    /// <summary>The next update for the site, or null (logged) when the socket is not usable this time.</summary>
    public async Task<AmberPriceUpdate?> ReceiveAsync(string amberSiteId, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveOneUpdateAsync(amberSiteId, cancellationToken);
        }
        catch (AmberApiException exception) when (exception.Kind == AmberErrorKind.Forbidden)
        {
            var hours = Math.Max(0, options.CurrentValue.WebSocketForbiddenRetryHours);
            _forbiddenUntil = time.GetUtcNow() + TimeSpan.FromHours(hours);
            if (!_forbiddenLogged)
            {
                _forbiddenLogged = true;
                LogOutsideAlpha(hours);
            }

            return null;
        }
        catch (Exception exception) when (exception is AmberApiException or HttpRequestException or IOException
                                          && !cancellationToken.IsCancellationRequested)
        {
            LogFallingBack(exception.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Amber refused the live-prices WebSocket (403): the account is not in the alpha. Polling REST; the socket is tried again in {Hours} h")]
    private partial void LogOutsideAlpha(double hours);

    [LoggerMessage(Level = LogLevel.Information, Message = "No price update from the Amber WebSocket this interval ({Reason}); polling REST")]
    private partial void LogFallingBack(string reason);
}
