using Grpc.Core;
using TeslaSync.Contracts.Mapping;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.TariffSync.Storage;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;

namespace TeslaSync.TariffSync.Sync;

/// <summary>Syncs from the prices PriceIngest holds now, asked for over gRPC (not waiting for an event).</summary>
internal sealed class CurrentPriceSync(PriceIngestClient priceIngest, TariffSyncer syncer, TimeProvider time)
{
    public async Task<SyncOutcome> SyncAsync(string siteId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Domain.Prices.PriceInterval> prices;
        try
        {
            prices = await PricesAsync(siteId, cancellationToken);
        }
        catch (RpcException exception)
        {
            return new SyncOutcome(siteId, SyncStatus.Failed, time.GetUtcNow(), $"PriceIngest could not give the current prices: {exception.Status.Detail}");
        }

        return await syncer.SyncAsync(siteId, prices, cancellationToken);
    }

    /// <summary>The prices PriceIngest holds now for <paramref name="siteId"/>; an <see cref="RpcException"/> when it cannot say.</summary>
    public async Task<IReadOnlyList<Domain.Prices.PriceInterval>> PricesAsync(string siteId, CancellationToken cancellationToken)
    {
        var prices = await priceIngest.GetCurrentPricesAsync(new GetCurrentPricesRequest { SiteId = siteId }, cancellationToken: cancellationToken);
        return prices.Intervals.Select(interval => interval.ToDomain()).ToList();
    }
}
