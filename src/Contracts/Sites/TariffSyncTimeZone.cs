using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Contracts.Sites;

/// <summary>
/// Asks TariffSync for the site's time zone: the zone of the tariff it last uploaded (the Powerwall's
/// own, unless TariffSync is told otherwise). Before its first upload TariffSync cannot tell.
/// </summary>
public static class TariffSyncTimeZone
{
    /// <summary>The zone, or (zone null) why it cannot be had; never throws for TariffSync's failures.</summary>
    public static async Task<(TimeZoneInfo? Zone, string Problem)> AskAsync(TariffSyncClient tariffSync, string siteId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tariffSync);
        try
        {
            var tariff = await tariffSync.GetCurrentTariffAsync(new GetCurrentTariffRequest { SiteId = siteId },
                deadline: DateTime.UtcNow + timeout, // a transport deadline is wall-clock time, whatever clock the logic runs on
                cancellationToken: cancellationToken);
            return TimeZoneInfo.TryFindSystemTimeZoneById(tariff.TimeZone, out var zone)
                ? (zone, string.Empty)
                : (null, $"TariffSync reports the time zone '{tariff.TimeZone}', which this system does not know");
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return (null, $"TariffSync cannot tell the site's time zone yet ({exception.Status.Detail})");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, exception is RpcException rpc
                ? $"TariffSync could not be asked for the site's time zone ({rpc.StatusCode}: {rpc.Status.Detail})"
                : $"TariffSync could not be asked for the site's time zone ({exception.Message})");
        }
    }
}
