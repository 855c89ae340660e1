using Microsoft.Extensions.Options;
using TeslaSync.Domain.Budget;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.TariffSync.Budget;

/// <summary>
/// Counts every request the Tesla client sends, by the kind the client marks it with (data read,
/// command, or its own region/metadata look-ups). Sits innermost in the client's pipeline, so
/// retries are counted too: Tesla bills each one.
/// </summary>
internal sealed partial class TeslaCallCounter(
    IServiceScopeFactory scopes,
    IOptions<SiteOptions> site,
    ILogger<TeslaCallCounter> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var kind = request.Options.TryGetValue(TeslaRequestOptions.CallKind, out var marked)
            ? marked
            : request.Method == HttpMethod.Get ? TeslaCallKind.DataRead : TeslaCallKind.Command;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ApiBudgetService>().RecordAsync(site.Value.Id, kind, 1, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Losing one count must not fail the call it counts.
            LogCountFailed(exception, kind);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count a Tesla {Kind} call")]
    private partial void LogCountFailed(Exception exception, TeslaCallKind kind);
}
