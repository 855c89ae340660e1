using System.Net;

namespace TeslaSync.Integrations.Amber;

/// <summary>What went wrong talking to Amber, so callers can decide to retry, re-authenticate or give up.</summary>
public enum AmberErrorKind
{
    /// <summary>No API token is configured; nothing was sent.</summary>
    NotConfigured,

    /// <summary>400: Amber did not accept the request.</summary>
    BadRequest,

    /// <summary>401: API key missing or invalid.</summary>
    Unauthorized,

    /// <summary>403: key not allowed (seen with new or revoked keys).</summary>
    Forbidden,

    /// <summary>404: unknown site.</summary>
    NotFound,

    /// <summary>422: date range over 7 days or more than 2048 intervals asked for.</summary>
    RangeTooLarge,

    /// <summary>429: rate limit hit; see <see cref="AmberApiException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>5xx: Amber or its gateway failed; retry with backoff.</summary>
    ServerError,

    /// <summary>The body could not be read as the JSON Amber documents.</summary>
    MalformedResponse,

    /// <summary>Any other non-success status.</summary>
    UnexpectedStatus,

    /// <summary>
    /// Nothing was sent: the local request budget (or a back-off after a 429) does not allow a request before
    /// <see cref="AmberApiException.RetryAfter"/> has passed.
    /// </summary>
    BudgetExhausted,

    /// <summary>The live-prices WebSocket sent no price update in time (or the socket failed); use REST.</summary>
    SocketTimeout,
}

/// <summary>A failed Amber call. Carries Amber's own <c>message</c>, never the API key.</summary>
public sealed class AmberApiException : Exception
{
    public AmberApiException(AmberErrorKind kind, string message, HttpStatusCode? statusCode = null,
        string? amberMessage = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        AmberMessage = amberMessage;
        RetryAfter = retryAfter;
    }

    public AmberErrorKind Kind { get; }

    /// <summary>HTTP status of the response; null when no response was involved.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>message</c> field of Amber's error body, when it sent one.</summary>
    public string? AmberMessage { get; }

    /// <summary>How long to wait before the next call, from <c>Retry-After</c> or <c>RateLimit-Reset</c>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the same call may succeed later (429, 5xx); other 4xx must not be retried blindly.</summary>
    public bool IsTransient => Kind is AmberErrorKind.RateLimited or AmberErrorKind.ServerError or AmberErrorKind.BudgetExhausted
        or AmberErrorKind.SocketTimeout;
}
