using Microsoft.EntityFrameworkCore;
using TeslaSync.Domain.Budget;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Budget;

/// <summary>Counts Tesla API calls per site and UTC day, and sums them for today and this month.</summary>
internal sealed class ApiUsageStore(TariffDbContext db)
{
    public async Task RecordAsync(string siteId, TeslaCallKind kind, long count, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var row = await db.ApiUsage.FindAsync([siteId, day], cancellationToken);
        if (row is null)
        {
            row = new ApiUsageRow { SiteId = siteId, Day = day };
            db.ApiUsage.Add(row);
        }

        if (kind == TeslaCallKind.Command)
        {
            row.Commands += count;
        }
        else
        {
            row.DataReads += count;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<(ApiCallCounts Today, ApiCallCounts ThisMonth)> CountsAsync(string siteId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var rows = await db.ApiUsage.AsNoTracking()
            .Where(u => u.SiteId == siteId && u.Day >= monthStart && u.Day <= today)
            .ToListAsync(cancellationToken);

        var month = new ApiCallCounts(rows.Sum(r => r.DataReads), rows.Sum(r => r.Commands));
        var day = rows.FirstOrDefault(r => r.Day == today) is { } row ? new ApiCallCounts(row.DataReads, row.Commands) : ApiCallCounts.None;
        return (day, month);
    }
}
