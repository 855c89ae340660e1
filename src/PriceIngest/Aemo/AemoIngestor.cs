using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Events;
using TeslaSync.Integrations.Aemo;
using TeslaSync.PriceIngest.Aemo.Storage;

namespace TeslaSync.PriceIngest.Aemo;

/// <summary>What one ingestion did, for the log.</summary>
public sealed record AemoIngestOutcome(AemoPriceSource? Source, int Changed, bool Published, string Detail);

/// <summary>
/// One read of AEMO: ELEC_NEM_SUMMARY first; NEMWeb's newest DISPATCHIS file when the JSON fails or is
/// stale. Every region's prices are stored; the site's region is published when its newest interval
/// or value is new.
/// </summary>
internal sealed partial class AemoIngestor(
    IAemoClient json,
    INemWebClient nemWeb,
    AemoPriceStore store,
    AemoPublisher publisher,
    IOptions<AemoIngestionOptions> options,
    TimeProvider time,
    ILogger<AemoIngestor> logger)
{
    private static readonly ActivitySource Telemetry = new("TeslaSync.PriceIngest.Aemo");

    public async Task<AemoIngestOutcome> IngestAsync(CancellationToken cancellationToken)
    {
        using var activity = Telemetry.StartActivity("ingest aemo prices");
        var (source, changed, problem) = await ReadJsonAsync(cancellationToken);
        if (problem is not null)
        {
            LogFallingBack(problem);
            var fallback = await ReadNemWebAsync(cancellationToken);
            if (fallback.Problem is not null)
            {
                // Both sources failed: whatever is stored stays; the next poll tries again.
                return new AemoIngestOutcome(null, changed, false, $"ELEC_NEM_SUMMARY: {problem}; NEMWeb: {fallback.Problem}");
            }

            (source, changed) = (AemoPriceSource.NemWeb, changed + fallback.Changed);
        }

        var published = await publisher.PublishIfNewAsync(cancellationToken);
        return new AemoIngestOutcome(source, changed, published, $"{changed} price(s) stored from {source}; published: {published}.");
    }

    private async Task<(AemoPriceSource Source, int Changed, string? Problem)> ReadJsonAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RegionalPrice> prices;
        try
        {
            prices = await json.GetNemSummaryAsync(cancellationToken);
        }
        catch (Exception exception) when (IsSourceFailure(exception, cancellationToken))
        {
            return (AemoPriceSource.Json, 0, exception.Message);
        }

        if (prices.Count == 0)
        {
            return (AemoPriceSource.Json, 0, "no region rows");
        }

        // Stored even when stale: they are real prices of earlier intervals.
        var now = time.GetUtcNow();
        var changed = await store.SaveAsync(prices, AemoPriceSource.Json, now, cancellationToken);
        var newest = prices.Max(p => p.IntervalEnd);
        return now - newest > options.Value.StaleAfter
            ? (AemoPriceSource.Json, changed, $"stale: its newest interval ended at {newest:u}")
            : (AemoPriceSource.Json, changed, null);
    }

    private async Task<(int Changed, string? Problem)> ReadNemWebAsync(CancellationToken cancellationToken)
    {
        try
        {
            var file = await nemWeb.GetLatestDispatchPricesAsync(cancellationToken);
            var changed = await store.SaveAsync(file.Prices, AemoPriceSource.NemWeb, time.GetUtcNow(), cancellationToken);
            LogNemWebRead(file.FileName, changed);
            return (changed, null);
        }
        catch (Exception exception) when (IsSourceFailure(exception, cancellationToken))
        {
            LogNemWebFailed(exception.Message);
            return (0, exception.Message);
        }
    }

    // A timeout surfaces as TaskCanceledException while our own token is still live.
    private static bool IsSourceFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is AemoApiException or HttpRequestException ||
        (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AEMO ELEC_NEM_SUMMARY unusable ({Problem}); reading NEMWeb DISPATCHIS instead")]
    private partial void LogFallingBack(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read NEMWeb {FileName}: {Changed} price(s) new or changed")]
    private partial void LogNemWebRead(string fileName, int changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NEMWeb DISPATCHIS failed too: {Problem}")]
    private partial void LogNemWebFailed(string problem);
}
