using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.ServiceDefaults;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.GridEvents.Sites;

/// <summary>The site's time zone, or (when it is not known) why not.</summary>
internal sealed record SiteZone(TimeZoneInfo? Zone, string Source);

/// <summary>The zone TariffSync told us, kept for the life of the process: a site does not move.</summary>
internal sealed class SiteTimeZoneCache
{
    private TimeZoneInfo? _fromTariffSync;
    private int _warned;

    public TimeZoneInfo? FromTariffSync
    {
        get => Volatile.Read(ref _fromTariffSync);
        set => Volatile.Write(ref _fromTariffSync, value);
    }

    /// <summary>True the first time only, so an unknown zone is a warning once, not every minute.</summary>
    public bool FirstWarning() => Interlocked.Exchange(ref _warned, 1) == 0;
}

/// <summary>
/// The IANA zone wall-clock rules (the demand window) are read in: <c>Site:TimeZone</c> when set,
/// otherwise the zone of the tariff TariffSync last uploaded (the Powerwall's own, unless TariffSync
/// is told otherwise). Never the server's zone: that is UTC in a container (SPEC §9).
/// </summary>
internal sealed partial class SiteTimeZone(
    TariffSyncClient tariffSync,
    SiteTimeZoneCache cache,
    IOptions<SiteOptions> site,
    IOptions<GridEventsOptions> options,
    ILogger<SiteTimeZone> logger)
{
    /// <summary>The zone if it is known without asking anyone (for status pages).</summary>
    public TimeZoneInfo? Known => Configured ?? cache.FromTariffSync;

    private TimeZoneInfo? Configured =>
        site.Value.TimeZone is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : null;

    public async Task<SiteZone> ResolveAsync(CancellationToken cancellationToken)
    {
        if (Configured is { } configured)
        {
            return new SiteZone(configured, "Site:TimeZone");
        }

        if (cache.FromTariffSync is { } known)
        {
            return new SiteZone(known, "TariffSync");
        }

        var (learned, problem) = await AskTariffSyncAsync(cancellationToken);
        if (learned is not null)
        {
            cache.FromTariffSync = learned;
            LogLearned(learned.Id);
            return new SiteZone(learned, "TariffSync");
        }

        if (cache.FirstWarning())
        {
            LogUnknown(problem);
        }
        else
        {
            LogStillUnknown(problem);
        }

        return new SiteZone(null, problem);
    }

    /// <summary>The zone of TariffSync's current tariff, or why it cannot be had.</summary>
    private async Task<(TimeZoneInfo? Zone, string Problem)> AskTariffSyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            var tariff = await tariffSync.GetCurrentTariffAsync(new GetCurrentTariffRequest { SiteId = site.Value.Id },
                deadline: DateTime.UtcNow + options.Value.CallTimeout, cancellationToken: cancellationToken);
            return TimeZoneInfo.TryFindSystemTimeZoneById(tariff.TimeZone, out var zone)
                ? (zone, string.Empty)
                : (null, $"TariffSync reports the time zone '{tariff.TimeZone}', which this system does not know; set Site:TimeZone");
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // TariffSync knows the zone of a tariff it uploaded; before the first price sync there is none.
            return (null, $"TariffSync cannot tell the site's time zone yet ({exception.Status.Detail}); set Site:TimeZone to decide without it");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, exception is RpcException rpc
                ? $"TariffSync could not be asked for the site's time zone ({rpc.StatusCode}: {rpc.Status.Detail})"
                : $"TariffSync could not be asked for the site's time zone ({exception.Message})");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The site's time zone is {Zone}, as TariffSync reports it")]
    private partial void LogLearned(string zone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site's time zone is not known, so no wall-clock decision (demand window) is made until it is: {Problem}")]
    private partial void LogUnknown(string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The site's time zone is still not known: {Problem}")]
    private partial void LogStillUnknown(string problem);
}
