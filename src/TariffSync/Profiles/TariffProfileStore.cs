using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TeslaSync.TariffSync.Storage;

namespace TeslaSync.TariffSync.Profiles;

/// <summary>Where a saved tariff came from.</summary>
public enum ProfileSource
{
    /// <summary>Read from the Powerwall (the retailer's or the installer's tariff, say).</summary>
    Powerwall,

    /// <summary>Built from a custom TOU schedule the user entered.</summary>
    Custom,
}

/// <summary>A saved tariff.</summary>
public sealed record TariffProfile(long Id, string SiteId, string Name, ProfileSource Source, DateTimeOffset CreatedAt, bool IsDefault, JsonObject Document);

/// <summary>Saves, lists and marks tariff profiles per site.</summary>
internal sealed class TariffProfileStore(TariffDbContext db)
{
    public async Task<TariffProfile> SaveAsync(string siteId, string name, ProfileSource source, JsonObject document, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await db.Profiles.FirstOrDefaultAsync(p => p.SiteId == siteId && p.Name == name, cancellationToken);
        if (row is null)
        {
            row = new TariffProfileRow { SiteId = siteId, Name = name, Source = SourceName(source), Document = string.Empty };
            db.Profiles.Add(row);
        }

        // Saving under an existing name replaces that profile's tariff (and keeps its default mark).
        row.Source = SourceName(source);
        row.CreatedAt = at;
        row.Document = document.ToJsonString();
        await db.SaveChangesAsync(cancellationToken);
        return ToProfile(row);
    }

    public async Task<IReadOnlyList<TariffProfile>> ListAsync(string siteId, CancellationToken cancellationToken)
    {
        var rows = await db.Profiles.AsNoTracking().Where(p => p.SiteId == siteId).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return rows.Select(ToProfile).ToList();
    }

    public async Task<TariffProfile?> FindAsync(string siteId, long id, CancellationToken cancellationToken)
    {
        var row = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.SiteId == siteId && p.Id == id, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    public async Task<TariffProfile?> DefaultAsync(string siteId, CancellationToken cancellationToken)
    {
        var row = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.SiteId == siteId && p.IsDefault, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    /// <summary>Makes one profile the site's default; every other loses the mark. False when the profile does not exist.</summary>
    public async Task<bool> SetDefaultAsync(string siteId, long id, CancellationToken cancellationToken)
    {
        var rows = await db.Profiles.Where(p => p.SiteId == siteId).ToListAsync(cancellationToken);
        if (rows.All(p => p.Id != id))
        {
            return false;
        }

        foreach (var row in rows)
        {
            row.IsDefault = row.Id == id;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(string siteId, long id, CancellationToken cancellationToken) =>
        await db.Profiles.Where(p => p.SiteId == siteId && p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    private static string SourceName(ProfileSource source) => source.ToString().ToLowerInvariant();

    private static TariffProfile ToProfile(TariffProfileRow row) => new(
        row.Id,
        row.SiteId,
        row.Name,
        Enum.Parse<ProfileSource>(row.Source, ignoreCase: true),
        row.CreatedAt,
        row.IsDefault,
        JsonNode.Parse(row.Document)!.AsObject());
}
