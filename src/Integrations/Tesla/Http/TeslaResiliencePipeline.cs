using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TeslaSync.Integrations.Tesla.Http;

/// <summary>
/// The retry policy of the Tesla HttpClient: total timeout → retry → per-attempt timeout.
/// </summary>
/// <remarks>
/// <para>What is retried (each attempt is billed, so at most <see cref="TeslaResilienceOptions.MaxRetryAttempts"/> times):</para>
/// <list type="table">
/// <item><term>429</term><description>GET and POST (Tesla refused it, nothing happened): waits exactly <c>Retry-After</c> when it is within
/// <see cref="TeslaResilienceOptions.MaxRetryAfter"/>; longer or missing → no retry, the caller gets <see cref="TeslaErrorKind.RateLimited"/> with <c>RetryAfter</c>.</description></item>
/// <item><term>408</term><description>GET and POST: the device was offline, so the command was not delivered. Exponential backoff.</description></item>
/// <item><term>503</term><description>GET and POST: the service said it is unavailable, i.e. did not take the request.</description></item>
/// <item><term>500, 502, 504, 540…</term><description>GET only. For a command these are ambiguous (the Powerwall may have applied it), and a repeat
/// spends the tight command budget (5 per site per day; 1 tariff change a month on the Discovery plan), so the caller
/// decides, typically by reading <c>site_info</c> back on its next run.</description></item>
/// <item><term>connection failures</term><description>GET always; POST only when the connection was never made (DNS, connect, TLS), so nothing was sent.</description></item>
/// <item><term>attempt timeouts</term><description>GET only, for the same reason as ambiguous 5xx.</description></item>
/// <item><term>any other 4xx</term><description>never: the same request will fail the same way (401 is handled once by the token handler, 421 by the region handler).</description></item>
/// </list>
/// Delays use the pipeline's <see cref="TimeProvider"/> (the one registered in DI), so tests drive them with a fake clock.
/// </remarks>
public static class TeslaResiliencePipeline
{
    /// <summary>Name of the resilience handler on the Tesla HttpClient.</summary>
    public const string Name = "tesla";

    /// <summary>Adds the Tesla strategies to <paramref name="builder"/>.</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddTeslaStrategies(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder, TeslaResilienceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0) // Polly rejects 0; no retry strategy at all is the same thing
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    ShouldRetry(args.Context.GetRequestMessage()?.Method ?? HttpMethod.Get, args.Outcome, options.MaxRetryAfter, timeProvider)),
                // null → the exponential backoff; a 429 waits exactly what Tesla asked for.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? RetryAfter(limited, timeProvider) : null),
            });
        }

        return builder
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>The retry decision for one outcome (see the table on <see cref="TeslaResiliencePipeline"/>).</summary>
    public static bool ShouldRetry(HttpMethod method, Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(method);
        var isRead = method == HttpMethod.Get || method == HttpMethod.Head;
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                HttpRequestException http => isRead || NotSent(http),
                TimeoutRejectedException => isRead,
                _ => false,
            };
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        return status switch
        {
            429 => RetryAfter(response, timeProvider) is { } wait && wait <= maxRetryAfter,
            408 or 503 => true,
            >= 500 => isRead,
            _ => false,
        };
    }

    /// <summary>The <c>Retry-After</c> wait (seconds or an HTTP date), or null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    // These fail before a byte of the request reaches Tesla, so even a command is safe to send again.
    private static bool NotSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
}
