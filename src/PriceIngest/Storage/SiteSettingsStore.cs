using Microsoft.EntityFrameworkCore;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>The user's overrides from the settings page; a site never changed there has none.</summary>
internal sealed class SiteSettingsStore(PriceDbContext db)
{
    public async Task<string?> AemoRegionAsync(string siteId, CancellationToken cancellationToken) =>
        (await db.SiteSettings.AsNoTracking().FirstOrDefaultAsync(s => s.SiteId == siteId, cancellationToken))?.AemoRegion;

    /// <summary>Sets the region override; null clears it.</summary>
    public async Task SetAemoRegionAsync(string siteId, string? region, CancellationToken cancellationToken)
    {
        var row = await db.SiteSettings.FindAsync([siteId], cancellationToken);
        if (row is null)
        {
            db.SiteSettings.Add(new SiteSettingsRow { SiteId = siteId, AemoRegion = region });
        }
        else
        {
            row.AemoRegion = region;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
