using System.Net;
using Microsoft.Extensions.Options;

namespace TeslaSync.Integrations.Amber.Http;

/// <summary>
/// Retries an Amber GET that failed in a way the same request may not: 5xx, 408, a transport error or an attempt
/// timeout, with exponential backoff on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// 429 is deliberately not retried here: <see cref="AmberRequestBudget"/> backs off instead, and the caller's next
/// scheduled refresh asks again once the back-off is over. Other 4xx fail the same way every time. Each retry passes
/// through the budget again, so retries can never exceed it (a refused retry surfaces as
/// <see cref="AmberErrorKind.BudgetExhausted"/>).
/// </remarks>
internal sealed class AmberRetryHandler(IOptionsMonitor<AmberOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var delay = TimeSpan.FromSeconds(Math.Max(0, settings.RetryBaseDelaySeconds));
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < settings.MaxRetryAttempts && request.Method == HttpMethod.Get;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (!canRetry || !IsRetryable(response.StatusCode))
                {
                    return response;
                }

                response.Dispose();
            }
            catch (Exception exception) when (canRetry && exception is HttpRequestException or TimeoutException)
            {
                // Tried again below.
            }

            await Task.Delay(delay, time, cancellationToken);
            delay *= 2;
        }
    }

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.RequestTimeout || (int)status is >= 500 and <= 599;
}
