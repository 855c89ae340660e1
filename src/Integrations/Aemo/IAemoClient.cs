namespace TeslaSync.Integrations.Aemo;

/// <summary>AEMO's public NEM price reports (no authentication). Implemented by <see cref="AemoClient"/>.</summary>
/// <remarks>
/// Failures are <see cref="AemoApiException"/>; transport failures propagate unchanged from the
/// HttpClient pipeline. AEMO publishes about every 5 minutes: poll no faster than once a minute.
/// </remarks>
public interface IAemoClient
{
    /// <summary><c>GET /aemo/apps/api/report/ELEC_NEM_SUMMARY</c>: the latest dispatch price of each region.</summary>
    Task<IReadOnlyList<RegionalPrice>> GetNemSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary><c>POST /aemo/apps/api/report/5MIN</c>: recent 5-minute price and demand per region.</summary>
    Task<IReadOnlyList<PriceAndDemandInterval>> GetFiveMinuteReportAsync(CancellationToken cancellationToken = default);
}
