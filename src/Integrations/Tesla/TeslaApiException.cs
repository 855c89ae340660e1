using System.Net;

namespace TeslaSync.Integrations.Tesla;

/// <summary>What went wrong calling Tesla, so callers can retry, re-authenticate, switch region or give up.</summary>
public enum TeslaErrorKind
{
    /// <summary>No access token is configured; nothing was sent.</summary>
    NotConfigured,

    /// <summary>400 or another 4xx without a more specific kind.</summary>
    BadRequest,

    /// <summary>401: token expired or invalid (the body may be empty). Refresh, do not retry as is.</summary>
    Unauthorized,

    /// <summary>
    /// The saved Tesla sign-in is gone: never signed in, the refresh token was already used or revoked
    /// (<c>login_required</c>), or the authorization code was rejected. Only the user can fix it, by signing in again.
    /// </summary>
    SignInRequired,

    /// <summary>402: payment or subscription required (Fleet billing, Teslemetry subscription).</summary>
    PaymentRequired,

    /// <summary>403: missing scope or no access to the site.</summary>
    Forbidden,

    /// <summary>404: unknown energy site.</summary>
    NotFound,

    /// <summary>408: the device is offline or asleep.</summary>
    DeviceOffline,

    /// <summary>421: the account lives in another region; use that region's base URL.</summary>
    WrongRegion,

    /// <summary>429: rate limit hit; see <see cref="TeslaApiException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>5xx (including 540): Tesla or the device failed; retry with backoff.</summary>
    ServerError,

    /// <summary>HTTP success, but the command was not applied.</summary>
    CommandRejected,

    /// <summary>The body is not the JSON envelope Tesla documents.</summary>
    MalformedResponse,
}

/// <summary>
/// A failed Tesla call. Carries only Tesla's short <c>error</c>/<c>error_description</c> fields —
/// never the response body, which holds addresses and serial numbers.
/// </summary>
public sealed class TeslaApiException : Exception
{
    public TeslaApiException(TeslaErrorKind kind, string message, HttpStatusCode? statusCode = null,
        string? error = null, string? errorDescription = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
        RetryAfter = retryAfter;
    }

    public TeslaErrorKind Kind { get; }

    /// <summary>HTTP status of the response; null when nothing was sent.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Tesla's <c>error</c> field (e.g. <c>login_required</c>), when present.</summary>
    public string? Error { get; }

    /// <summary>Tesla's <c>error_description</c> field, when present and not empty.</summary>
    public string? ErrorDescription { get; }

    /// <summary>From the <c>Retry-After</c> header, when present.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the same call may succeed later (408, 429, 5xx); other 4xx must not be retried blindly.</summary>
    public bool IsTransient => Kind is TeslaErrorKind.DeviceOffline or TeslaErrorKind.RateLimited or TeslaErrorKind.ServerError;
}
