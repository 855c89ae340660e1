using System.Globalization;
using System.Text.RegularExpressions;
using TeslaSync.Domain.Budget;
using TeslaSync.Integrations.Tesla.Http;
using TeslaSync.TariffSync.Sync;

namespace TeslaSync.TariffSync.Budget;

/// <summary>
/// Counts every request the Tesla client sends, by the kind the client marks it with (data read,
/// command, or its own region/metadata look-ups). Sits innermost in the client's pipeline, so
/// retries are counted too: Tesla bills each one. An attempt counts whether or not its answer
/// arrives. A call to an additional site's Powerwall counts against that site; every other call
/// (including the account's own look-ups) against the deployment's site.
/// </summary>
internal sealed partial class TeslaCallCounter(
    IServiceScopeFactory scopes,
    ControlledSites sites,
    ILogger<TeslaCallCounter> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // Counted whether or not an answer came back: a timed-out attempt may well have reached Tesla.
            await CountAsync(request);
        }
    }

    private async Task CountAsync(HttpRequestMessage request)
    {
        var kind = request.Options.TryGetValue(TeslaRequestOptions.CallKind, out var marked)
            ? marked
            : request.Method == HttpMethod.Get ? TeslaCallKind.DataRead : TeslaCallKind.Command;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ApiBudgetService>().RecordAsync(SiteOf(request), kind, 1, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Losing one count must not fail the call it counts.
            LogCountFailed(exception, kind);
        }
    }

    private string SiteOf(HttpRequestMessage request) =>
        sites.HasAdditionalSites
        && request.RequestUri is { } uri
        && EnergySitePath().Match(uri.AbsolutePath) is { Success: true } match
        && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var energySiteId)
            ? sites.SiteIdOf(energySiteId)
            : sites.OwnSiteId;

    [GeneratedRegex("/energy_sites/([0-9]{1,19})(?:/|$)")]
    private static partial Regex EnergySitePath();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count a Tesla {Kind} call")]
    private partial void LogCountFailed(Exception exception, TeslaCallKind kind);
}
