using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeslaSync.GridEvents.Storage;
using TeslaSync.ServiceDefaults;

namespace TeslaSync.GridEvents.Settings;

/// <summary>A setting as the user sees it: its description, current value and configured default.</summary>
internal sealed record SettingView(GridSetting Setting, string Value, string Default);

/// <summary>
/// Reads and changes the user's settings: all requested changes are checked together and saved
/// together or not at all, each logged as a decision with its old and new value.
/// </summary>
internal sealed partial class GridSettingsManager(
    GridEventsDbContext db,
    StoredGridSettings stored,
    DecisionGate gate,
    IConfiguration configuration,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<GridSettingsManager> logger)
{
    public const string Machine = "settings";

    public IReadOnlyList<SettingView> Describe()
    {
        var defaults = GridOptions.FromConfiguration(configuration);
        var current = Effective();
        return GridSettingsCatalog.All.Select(s => new SettingView(s, s.Read(current), s.Read(defaults))).ToList();
    }

    /// <summary>Saves <paramref name="changes"/> (key → text) when all are valid together; else the problems, and nothing changed.</summary>
    public async Task<IReadOnlyList<(string Key, string Message)>> UpdateAsync(IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken)
    {
        // Settings change between decisions, never during one.
        using var entered = await gate.EnterAsync(cancellationToken);
        var before = Effective();
        var after = Effective();
        var problems = new List<(string Key, string Message)>();
        foreach (var (key, text) in changes)
        {
            if (GridSettingsCatalog.Find(key) is not { } setting)
            {
                problems.Add((key, $"There is no setting '{key}'."));
            }
            else if (setting.Write(after, text) is { } problem)
            {
                problems.Add((key, problem));
            }
        }

        if (problems.Count == 0)
        {
            problems.AddRange(GridSettingsCatalog.Problems(after));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var now = time.GetUtcNow();
        var changed = GridSettingsCatalog.All
            .Select(s => (Setting: s, Old: s.Read(before), New: s.Read(after)))
            .Where(c => c.Old != c.New)
            .ToList();
        foreach (var (setting, old, value) in changed)
        {
            await SaveAsync(setting, old, value, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await ReloadAsync(db, stored, cancellationToken);
        foreach (var (setting, old, value) in changed)
        {
            LogChanged(setting.Key, old, value);
        }

        return [];
    }

    /// <summary>Loads the stored settings into memory: at start, and after every change.</summary>
    public static async Task ReloadAsync(GridEventsDbContext db, StoredGridSettings stored, CancellationToken cancellationToken)
    {
        var rows = await db.Settings.AsNoTracking().ToListAsync(cancellationToken);
        stored.Replace(rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal));
    }

    /// <summary>Configuration with the stored settings over it: what the options monitors give the machines.</summary>
    private GridOptions Effective() => GridSettingsCatalog.Apply(GridOptions.FromConfiguration(configuration), stored.Values);

    private async Task SaveAsync(GridSetting setting, string old, string value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.Settings.SingleOrDefaultAsync(s => s.Key == setting.Key, cancellationToken);
        if (row is null)
        {
            db.Settings.Add(new GridSettingRow { Key = setting.Key, Value = value, ChangedAt = now });
        }
        else
        {
            (row.Value, row.ChangedAt) = (value, now);
        }

        db.Decisions.Add(new DecisionRow
        {
            SiteId = site.Value.Id,
            At = now,
            Machine = Machine,
            Trigger = "user",
            StateBefore = old,
            StateAfter = value,
            Reason = $"{setting.Label} ({setting.Key}) changed from {old} to {value}",
            Action = "none",
            Outcome = "saved",
            Succeeded = true,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting {Key} changed from {Old} to {New}")]
    private partial void LogChanged(string key, string old, string @new);
}
