using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>Loads and saves a site's <see cref="OverrideBook"/>.</summary>
internal sealed class OverrideStore(OverrideDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Only the record's own values are stored; Kind, Settings and the like follow from the type.
        IgnoreReadOnlyProperties = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task<OverrideBook> LoadAsync(string siteId, CancellationToken cancellationToken)
    {
        var overrides = await db.Overrides.AsNoTracking().Where(o => o.SiteId == siteId).ToListAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().Where(s => s.SiteId == siteId).ToListAsync(cancellationToken);
        return new OverrideBook(
            overrides.Select(o => new ActiveOverride(o.Name, ReadPayload(o.Payload), o.Until, o.Since, o.AppliedAt)),
            settings.Select(s => new SettingState(Enum.Parse<ControlledSetting>(s.Setting), s.Baseline, s.BaselineSource, s.CapturedAt,
                s.Applied, s.AppliedBy, s.LastError, s.LastAttemptAt)));
    }

    /// <summary>Replaces the site's stored book in one transaction (a handful of rows), so a crash never leaves half of it.</summary>
    public async Task SaveAsync(string siteId, OverrideBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Overrides.Where(o => o.SiteId == siteId).ExecuteDeleteAsync(cancellationToken);
        await db.Settings.Where(s => s.SiteId == siteId).ExecuteDeleteAsync(cancellationToken);
        db.Overrides.AddRange(book.Overrides.Select(o => new OverrideRow
        {
            SiteId = siteId,
            Name = o.Name,
            Payload = WritePayload(o.Payload),
            Until = o.Until,
            Since = o.Since,
            AppliedAt = o.AppliedAt,
        }));
        db.Settings.AddRange(book.Settings.Values.Select(s => new OverrideSettingRow
        {
            SiteId = siteId,
            Setting = s.Setting.ToString(),
            Baseline = s.Baseline,
            BaselineSource = s.BaselineSource,
            CapturedAt = s.CapturedAt,
            Applied = s.Applied,
            AppliedBy = s.AppliedBy,
            LastError = s.LastError,
            LastAttemptAt = s.LastAttemptAt,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    internal static OverridePayload ReadPayload(string json) =>
        JsonSerializer.Deserialize<OverridePayload>(json, Json) ?? throw new JsonException("An override without a payload.");

    internal static string WritePayload(OverridePayload payload) => JsonSerializer.Serialize(payload, Json);
}
