using Microsoft.EntityFrameworkCore;

namespace TeslaSync.TariffSync.Storage;

/// <summary>A site's run-time sync settings; a site never seen has the defaults.</summary>
internal sealed class SiteSettingsStore(TariffDbContext db)
{
    public async Task<bool> AutoSyncAsync(string siteId, CancellationToken cancellationToken) =>
        (await db.SiteSettings.AsNoTracking().FirstOrDefaultAsync(s => s.SiteId == siteId, cancellationToken))?.AutoSync ?? true;

    /// <summary>The sites whose automatic sync the user turned off (one query, however many sites there are).</summary>
    public async Task<HashSet<string>> AutoSyncOffAsync(CancellationToken cancellationToken) =>
        (await db.SiteSettings.AsNoTracking().Where(s => !s.AutoSync).Select(s => s.SiteId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public async Task SetAutoSyncAsync(string siteId, bool enabled, CancellationToken cancellationToken)
    {
        var row = await db.SiteSettings.FindAsync([siteId], cancellationToken);
        if (row is null)
        {
            db.SiteSettings.Add(new SiteSettingsRow { SiteId = siteId, AutoSync = enabled });
        }
        else
        {
            row.AutoSync = enabled;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The zone the user chose over the Powerwall's, or null.</summary>
    public async Task<string?> TimeZoneAsync(string siteId, CancellationToken cancellationToken) =>
        (await db.SiteSettings.AsNoTracking().FirstOrDefaultAsync(s => s.SiteId == siteId, cancellationToken))?.TimeZone;

    /// <summary>Sets the zone override; null clears it (back to the Powerwall's zone).</summary>
    public async Task SetTimeZoneAsync(string siteId, string? zoneId, CancellationToken cancellationToken)
    {
        var row = await db.SiteSettings.FindAsync([siteId], cancellationToken);
        if (row is null)
        {
            db.SiteSettings.Add(new SiteSettingsRow { SiteId = siteId, TimeZone = zoneId });
        }
        else
        {
            row.TimeZone = zoneId;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
