using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.TariffSync.Storage;

/// <summary>The three ways a sync attempt ends.</summary>
public enum SyncStatus
{
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>The outcome of one sync attempt.</summary>
public sealed record SyncOutcome(string SiteId, SyncStatus Status, DateTimeOffset At, string? Reason, bool ReadBackMatched = false)
{
    /// <summary>The status as the REST API and events spell it.</summary>
    public string StatusName => Status.ToString().ToLowerInvariant();
}

/// <summary>Records every sync decision and remembers the tariff last uploaded per site.</summary>
internal sealed class SyncLog(TariffDbContext db)
{
    public async Task RecordAsync(SyncOutcome outcome, CancellationToken cancellationToken)
    {
        db.SyncOutcomes.Add(new SyncOutcomeRow
        {
            SiteId = outcome.SiteId,
            At = outcome.At,
            Status = outcome.StatusName,
            Reason = outcome.Reason,
            ReadBackMatched = outcome.ReadBackMatched,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SyncOutcome?> LastAsync(string siteId, CancellationToken cancellationToken)
    {
        var row = await db.SyncOutcomes.AsNoTracking()
            .Where(o => o.SiteId == siteId)
            .OrderByDescending(o => o.At).ThenByDescending(o => o.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new SyncOutcome(row.SiteId, Enum.Parse<SyncStatus>(row.Status, ignoreCase: true), row.At, row.Reason, row.ReadBackMatched);
    }

    public async Task SaveUploadedAsync(string siteId, JsonObject document, HalfHourTariff tariff, DateTimeOffset uploadedAt, CancellationToken cancellationToken)
    {
        var row = await db.UploadedTariffs.FindAsync([siteId], cancellationToken);
        if (row is null)
        {
            row = new UploadedTariffRow { SiteId = siteId, TimeZoneId = tariff.TimeZoneId, Document = string.Empty };
            db.UploadedTariffs.Add(row);
        }

        row.UploadedAt = uploadedAt;
        row.TimeZoneId = tariff.TimeZoneId;
        row.Document = document.ToJsonString();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<UploadedTariff?> LastUploadedAsync(string siteId, CancellationToken cancellationToken)
    {
        var row = await db.UploadedTariffs.AsNoTracking().FirstOrDefaultAsync(u => u.SiteId == siteId, cancellationToken);
        var tariff = row is null ? null : TeslaTariffDocument.TryRead(JsonNode.Parse(row.Document) as JsonObject, row.TimeZoneId);
        return tariff is null ? null : new UploadedTariff(tariff, row!.UploadedAt);
    }
}
