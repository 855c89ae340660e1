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

/// <summary>What a logged write (or decision not to write) was for.</summary>
public enum SyncAction
{
    /// <summary>Keeping the Powerwall's tariff equal to Amber's prices.</summary>
    PriceSync,

    /// <summary>Putting a saved tariff profile back on the Powerwall.</summary>
    ProfileRestore,

    /// <summary>Writing an override's setting (spike tariff, curtailment, force charge/discharge, …).</summary>
    OverrideApply,

    /// <summary>Writing a baseline back after the last override on a setting ended.</summary>
    OverrideRestore,
}

/// <summary>The outcome of one sync attempt.</summary>
public sealed record SyncOutcome(
    string SiteId,
    SyncStatus Status,
    DateTimeOffset At,
    string? Reason,
    bool ReadBackMatched = false,
    SyncAction Action = SyncAction.PriceSync)
{
    /// <summary>The status as the REST API and events spell it.</summary>
    public string StatusName => Status.ToString().ToLowerInvariant();

    /// <summary>The action as the REST API and the log spell it.</summary>
    public string ActionName => Action switch
    {
        SyncAction.ProfileRestore => "profile-restore",
        SyncAction.OverrideApply => "override-apply",
        SyncAction.OverrideRestore => "override-restore",
        _ => "price-sync",
    };
}

/// <summary>Records every sync decision and remembers the tariff last uploaded per site.</summary>
internal sealed class SyncLog(TariffDbContext db, LatestSyncTimes latest)
{
    public async Task RecordAsync(SyncOutcome outcome, CancellationToken cancellationToken)
    {
        db.SyncOutcomes.Add(new SyncOutcomeRow
        {
            SiteId = outcome.SiteId,
            At = outcome.At,
            Status = outcome.StatusName,
            Action = outcome.ActionName,
            Reason = outcome.Reason,
            ReadBackMatched = outcome.ReadBackMatched,
        });
        await db.SaveChangesAsync(cancellationToken);
        latest.Recorded(outcome.SiteId, outcome.At);
    }

    /// <summary>When the site's latest outcome was recorded; null if never. From memory after the first ask.</summary>
    public async Task<DateTimeOffset?> LastAtAsync(string siteId, CancellationToken cancellationToken)
    {
        if (latest.TryGet(siteId, out var known))
        {
            return known;
        }

        var last = await LastAsync(siteId, cancellationToken);
        return latest.Learned(siteId, last?.At);
    }

    public async Task<SyncOutcome?> LastAsync(string siteId, CancellationToken cancellationToken)
    {
        var row = await db.SyncOutcomes.AsNoTracking()
            .Where(o => o.SiteId == siteId)
            .OrderByDescending(o => o.At).ThenByDescending(o => o.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToOutcome(row);
    }

    /// <summary>The most recent outcomes of a site, newest first.</summary>
    public async Task<IReadOnlyList<SyncOutcome>> RecentAsync(string siteId, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.SyncOutcomes.AsNoTracking()
            .Where(o => o.SiteId == siteId)
            .OrderByDescending(o => o.At).ThenByDescending(o => o.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(ToOutcome).ToList();
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

    private static SyncOutcome ToOutcome(SyncOutcomeRow row) =>
        new(row.SiteId, Enum.Parse<SyncStatus>(row.Status, ignoreCase: true), row.At, row.Reason, row.ReadBackMatched,
            row.Action switch
            {
                "profile-restore" => SyncAction.ProfileRestore,
                "override-apply" => SyncAction.OverrideApply,
                "override-restore" => SyncAction.OverrideRestore,
                _ => SyncAction.PriceSync,
            });
}
