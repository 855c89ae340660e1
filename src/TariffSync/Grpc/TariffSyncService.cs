using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.Common.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Domain.Tariffs;
using TeslaSync.ServiceDefaults;
using TeslaSync.TariffSync.Account;
using TeslaSync.TariffSync.Budget;
using TeslaSync.TariffSync.Profiles;
using TeslaSync.TariffSync.Storage;
using TeslaSync.TariffSync.Sync;
using WireStatus = TeslaSync.Contracts.TariffSync.V1.SyncStatus;

namespace TeslaSync.TariffSync.Grpc;

/// <summary>TariffSync's gRPC face: maps messages, calls the domain, turns failures into statuses.</summary>
internal sealed partial class TariffSyncService(
    DetachedSync detachedSync,
    SyncLog log,
    TariffProfiles profiles,
    SiteSettingsStore settings,
    ApiBudgetService budgets,
    TeslaAccountManager account,
    Account.SiteSettings siteSettings,
    IOptions<TariffSyncOptions> syncOptions,
    IOptions<SiteOptions> site) : Contracts.TariffSync.V1.TariffSync.TariffSyncBase
{
    /// <summary>Syncs now and waits for the outcome, at most <see cref="TariffSyncOptions.SyncNowTimeout"/>.</summary>
    public override async Task<Contracts.TariffSync.V1.SyncOutcome> SyncNow(SyncNowRequest request, ServerCallContext context)
    {
        var sync = detachedSync.StartAsync(SiteIdOf(request.SiteId));
        try
        {
            return ToMessage(await sync.WaitAsync(syncOptions.Value.SyncNowTimeout, context.CancellationToken));
        }
        catch (TimeoutException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The sync did not finish within {syncOptions.Value.SyncNowTimeout.TotalSeconds:0} s; its outcome will appear in the sync log."));
        }
    }

    public override async Task<GetLastSyncResponse> GetLastSync(GetLastSyncRequest request, ServerCallContext context)
    {
        var last = await log.LastAsync(SiteIdOf(request.SiteId), context.CancellationToken);
        return last is null ? new GetLastSyncResponse() : new GetLastSyncResponse { Last = ToMessage(last) };
    }

    public override async Task<GetCurrentTariffResponse> GetCurrentTariff(GetCurrentTariffRequest request, ServerCallContext context)
    {
        var siteId = SiteIdOf(request.SiteId);
        var uploaded = await log.LastUploadedAsync(siteId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No tariff has been uploaded for site '{siteId}' yet."));

        var response = new GetCurrentTariffResponse
        {
            SiteId = siteId,
            TimeZone = uploaded.Tariff.TimeZoneId,
            BuiltAt = Timestamp.FromDateTimeOffset(uploaded.UploadedAt),
        };
        response.Periods.AddRange(uploaded.Tariff.Rates.Select(ToMessage));
        return response;
    }

    private static TariffPeriod ToMessage(SlotRates rates) => new()
    {
        Name = rates.Slot.Name,
        BuyPerKwh = DecimalValue.FromDecimal(rates.BuyPerKwh),
        SellPerKwh = DecimalValue.FromDecimal(rates.SellPerKwh),
    };

    private static Contracts.TariffSync.V1.SyncOutcome ToMessage(Storage.SyncOutcome outcome) => new()
    {
        SiteId = outcome.SiteId,
        Status = outcome.Status switch
        {
            Storage.SyncStatus.Succeeded => WireStatus.Succeeded,
            Storage.SyncStatus.Skipped => WireStatus.Skipped,
            _ => WireStatus.Failed,
        },
        At = Timestamp.FromDateTimeOffset(outcome.At),
        Reason = outcome.Reason ?? string.Empty,
        ReadBackMatched = outcome.ReadBackMatched,
        Action = outcome.ActionName,
    };

    private string SiteIdOf(string requested) =>
        site.Value.Resolve(requested) ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown site '{requested}'."));
}
