using Grpc.Core;
using Microsoft.Extensions.Options;
using TeslaSync.Contracts.PriceIngest.V1;
using TeslaSync.Contracts.TariffSync.V1;
using TeslaSync.Contracts.Telemetry.V1;
using TeslaSync.Gateway.Api;
using TeslaSync.ServiceDefaults;
using PriceIngestClient = TeslaSync.Contracts.PriceIngest.V1.PriceIngest.PriceIngestClient;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;
using TelemetryClient = TeslaSync.Contracts.Telemetry.V1.Telemetry.TelemetryClient;

namespace TeslaSync.Gateway.HomeAssistant;

/// <summary>
/// Reads every entity's state from the services, each service on its own: one that is down leaves its
/// entities at their last published state (and is logged once), the others still update.
/// </summary>
internal sealed partial class HaStateReader(
    PriceIngestClient prices,
    TelemetryClient telemetry,
    TariffSyncClient tariffSync,
    IOptions<SiteOptions> site,
    HaCommandMemory commands,
    HaSourceHealth health,
    TimeProvider time,
    ILogger<HaStateReader> logger)
{
    public async Task<IReadOnlyList<HaState>> ReadAsync(CancellationToken cancellationToken)
    {
        var siteId = site.Value.Id;
        var now = time.GetUtcNow();
        var reads = await Task.WhenAll(
            ReadSourceAsync("prices", async () => HaStateMapping.Prices(
                await prices.GetCurrentPricesAsync(new GetCurrentPricesRequest { SiteId = siteId }, deadline: BackendCall.Deadline(), cancellationToken: cancellationToken), now)),
            ReadSourceAsync("Powerwall status", async () => LiveStates(
                await telemetry.GetLiveStatusAsync(new GetLiveStatusRequest { SiteId = siteId }, deadline: BackendCall.Deadline(), cancellationToken: cancellationToken))),
            ReadSourceAsync("bill estimate", async () => HaStateMapping.Bill(
                await telemetry.GetBillEstimateAsync(new GetBillEstimateRequest { SiteId = siteId }, deadline: BackendCall.Deadline(), cancellationToken: cancellationToken))),
            ReadSourceAsync("TOU sync", async () =>
            [
                HaStateMapping.AutoSync(
                    await tariffSync.GetSyncSettingsAsync(new GetSyncSettingsRequest { SiteId = siteId }, deadline: BackendCall.Deadline(), cancellationToken: cancellationToken),
                    await tariffSync.GetLastSyncAsync(new GetLastSyncRequest { SiteId = siteId }, deadline: BackendCall.Deadline(), cancellationToken: cancellationToken)),
            ]));
        var states = reads.SelectMany(read => read).ToList();
        states.AddRange(commands.Unread(states.Select(state => state.ObjectId)));
        return states;
    }

    private IEnumerable<HaState> LiveStates(GetLiveStatusResponse live)
    {
        var readAt = live.SettingsReadAt?.ToDateTimeOffset();
        return HaStateMapping.Live(live).Concat(HaStateMapping.Settings(live).Select(setting => commands.Prefer(setting, readAt)));
    }

    private async Task<IReadOnlyList<HaState>> ReadSourceAsync(string source, Func<Task<IEnumerable<HaState>>> read)
    {
        try
        {
            var states = (await read()).ToList();
            if (health.Recovered(source))
            {
                LogSourceBack(logger, source);
            }

            return states;
        }
        catch (RpcException exception) when (exception.StatusCode != StatusCode.Cancelled)
        {
            if (health.Failed(source))
            {
                LogSourceDown(logger, source, exception.Status.Detail);
            }

            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home Assistant: the {Source} could not be read ({Reason}); its entities keep their last state until it can")]
    private static partial void LogSourceDown(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Home Assistant: the {Source} can be read again")]
    private static partial void LogSourceBack(ILogger logger, string source);
}

/// <summary>Which state sources failed last time, so a service that is down is logged once, not every refresh.</summary>
internal sealed class HaSourceHealth
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);

    /// <summary>True when the source was fine until now (worth a log line).</summary>
    public bool Failed(string source)
    {
        lock (_gate)
        {
            return _down.Add(source);
        }
    }

    /// <summary>True when the source had failed until now.</summary>
    public bool Recovered(string source)
    {
        lock (_gate)
        {
            return _down.Remove(source);
        }
    }
}
