namespace TeslaSync.Integrations.Amber.Http;

/// <summary>
/// Innermost handler of the Amber HttpClient: every HTTP attempt (retries included) takes a slot from
/// <see cref="AmberRequestBudget"/> first, and every response teaches it Amber's remaining count or a 429 back-off.
/// </summary>
internal sealed class AmberRequestBudgetHandler(AmberRequestBudget budget, Microsoft.Extensions.Options.IOptionsMonitor<AmberOptions> options)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await budget.AcquireAsync(request.RequestUri?.AbsolutePath ?? "(no path)", cancellationToken);

        // The attempt timeout starts once the budget lets the request go, so a budget wait never eats into it.
        // Wall-clock on purpose: it guards a real network call.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.RequestTimeoutSeconds)));
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, attempt.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Amber did not answer within {options.CurrentValue.RequestTimeoutSeconds} s.", exception);
        }

        var rateLimit = AmberResponseReader.ReadRateLimit(response);
        budget.Observe(response.StatusCode, rateLimit, AmberResponseReader.ReadRetryAfter(response, rateLimit));
        return response;
    }
}
