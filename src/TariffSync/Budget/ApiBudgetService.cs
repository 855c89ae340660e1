using Microsoft.Extensions.Options;
using TeslaSync.Domain.Budget;
using TeslaSync.Integrations.Tesla;

namespace TeslaSync.TariffSync.Budget;

/// <summary>Records Tesla API calls and assesses a site's budget from them.</summary>
internal sealed class ApiBudgetService(ApiUsageStore usage, IOptions<ApiBudgetOptions> options, IOptions<TeslaOptions> tesla, TimeProvider time)
{
    public Task RecordAsync(string siteId, TeslaCallKind kind, long count, CancellationToken cancellationToken) =>
        usage.RecordAsync(siteId, kind, count, time.GetUtcNow(), cancellationToken);

    public async Task<ApiBudget> AssessAsync(string siteId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (today, month) = await usage.CountsAsync(siteId, now, cancellationToken);
        return ApiBudget.Assess(options.Value.ToPriceList(tesla.Value.Provider), options.Value.MonthlyCeiling, today, month, now);
    }
}
