using System.Net;

namespace TeslaSync.Integrations.Aemo;

/// <summary>A failed AEMO call: an HTTP error status or a body that is not the documented report.</summary>
public sealed class AemoApiException : Exception
{
    public AemoApiException(string message, HttpStatusCode? statusCode = null, bool isMalformedResponse = false,
        TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsMalformedResponse = isMalformedResponse;
        RetryAfter = retryAfter;
    }

    /// <summary>HTTP status of the response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when the status was a success but the body could not be read.</summary>
    public bool IsMalformedResponse { get; }

    /// <summary>From the <c>Retry-After</c> header, when present.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True for 429 and 5xx (AEMO answers 503 now and then; retry after about 30 s).</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.TooManyRequests || (int?)StatusCode >= 500;
}
