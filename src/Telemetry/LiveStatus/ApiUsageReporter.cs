using Grpc.Core;
using TeslaSync.Contracts.TariffSync.V1;
using TariffSyncClient = TeslaSync.Contracts.TariffSync.V1.TariffSync.TariffSyncClient;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// Tells TariffSync (which keeps the site's Tesla API budget) about the reads Telemetry made, and
/// learns how often it may read. Counts TariffSync has not yet acknowledged are kept and sent
/// with the next report, so no call goes uncounted while TariffSync is away.
/// </summary>
internal sealed partial class ApiUsageReporter(TariffSyncClient tariffSync, ILogger<ApiUsageReporter> logger)
{
    /// <summary>A report must not hold up sampling for long when TariffSync is away.</summary>
    private static readonly TimeSpan ReportDeadline = TimeSpan.FromSeconds(5);

    private long _unreportedReads;

    /// <summary>Reads sent to Tesla (<see cref="TeslaReadCounter"/>), to be reported with the next report.</summary>
    public void Counted(long reads) => Interlocked.Add(ref _unreportedReads, reads);

    /// <summary>Reports every read not yet reported; what the budget allows now, or null when TariffSync did not answer.</summary>
    public async Task<ReadAllowance?> ReportReadsAsync(string siteId, CancellationToken cancellationToken)
    {
        var pending = Interlocked.Read(ref _unreportedReads);
        try
        {
            var budget = await tariffSync.ReportApiUsageAsync(
                new ReportApiUsageRequest { SiteId = siteId, DataReads = pending },
                deadline: DateTime.UtcNow + ReportDeadline, // a transport deadline is wall-clock time, whatever clock the logic runs on
                cancellationToken: cancellationToken);
            Interlocked.Add(ref _unreportedReads, -pending);
            return new ReadAllowance(budget.Level, TimeSpan.FromSeconds(budget.MinReadIntervalSeconds));
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or HttpRequestException)
        {
            LogNotReported(pending);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "TariffSync did not take the usage report; {Reads} reads will be reported later")]
    private partial void LogNotReported(long reads);
}

/// <summary>What the site's Tesla API budget allows: its level (<c>normal</c>…<c>exhausted</c>) and the provider's shortest read interval.</summary>
internal sealed record ReadAllowance(string Level, TimeSpan MinimumReadInterval);
