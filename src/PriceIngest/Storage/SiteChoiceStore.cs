using Microsoft.EntityFrameworkCore;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>Remembers which Amber site the user chose for each TeslaSync site.</summary>
internal sealed class SiteChoiceStore(PriceDbContext db)
{
    public async Task<string?> ChosenAsync(string siteId, CancellationToken cancellationToken) =>
        (await db.SiteChoices.AsNoTracking().FirstOrDefaultAsync(c => c.SiteId == siteId, cancellationToken))?.AmberSiteId;

    public async Task ChooseAsync(string siteId, string amberSiteId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await db.SiteChoices.FindAsync([siteId], cancellationToken);
        if (row is null)
        {
            db.SiteChoices.Add(new SiteChoiceRow { SiteId = siteId, AmberSiteId = amberSiteId, ChosenAt = at });
        }
        else
        {
            row.AmberSiteId = amberSiteId;
            row.ChosenAt = at;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
