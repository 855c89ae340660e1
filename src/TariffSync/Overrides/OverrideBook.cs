namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// A setting TeslaSync has taken over: the value to put back (<paramref name="Baseline"/>, taken
/// once) and the value we last wrote and saw succeed (<paramref name="Applied"/>; null before
/// the first write succeeded). It exists from the first override on the setting until the
/// baseline is back on the Powerwall.
/// </summary>
/// <param name="BaselineSource">For the tariff: powerwall, last-price-sync or default-profile; else powerwall.</param>
/// <param name="AppliedBy">The override whose value <paramref name="Applied"/> is; null for the baseline.</param>
public sealed record SettingState(
    ControlledSetting Setting,
    string Baseline,
    string BaselineSource,
    DateTimeOffset CapturedAt,
    string? Applied = null,
    string? AppliedBy = null,
    string? LastError = null,
    DateTimeOffset? LastAttemptAt = null);

/// <summary>One write to the Powerwall: an override's value, or (no owner) the baseline being restored.</summary>
public sealed record OverrideStep(ControlledSetting Setting, string Value, string? Owner)
{
    public bool IsRestore => Owner is null;
}

/// <summary>
/// Everything TeslaSync holds on one site's Powerwall: the overrides in force and the settings
/// they took over. Pure and immutable: each change returns a new book, which is then saved.
/// The wanted state follows from it alone — for each setting, the winning override's value, or
/// the baseline once no override wants it — so a restart resumes from the saved book.
/// </summary>
public sealed class OverrideBook
{
    public OverrideBook(IEnumerable<ActiveOverride> overrides, IEnumerable<SettingState> settings)
    {
        Overrides = overrides.OrderBy(o => o.AppliedAt).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        Settings = settings.ToDictionary(s => s.Setting);
    }

    public static OverrideBook Empty { get; } = new([], []);

    public IReadOnlyList<ActiveOverride> Overrides { get; }

    public IReadOnlyDictionary<ControlledSetting, SettingState> Settings { get; }

    /// <summary>Nothing held: no override and nothing to put back.</summary>
    public bool IsIdle => Overrides.Count == 0 && Settings.Count == 0;

    public ActiveOverride? Find(string name) => Overrides.FirstOrDefault(o => o.Name == name);

    public OverrideBook With(ActiveOverride active) =>
        new(Overrides.Where(o => o.Name != active.Name).Append(active), Settings.Values);

    public OverrideBook Without(string name) => new(Overrides.Where(o => o.Name != name), Settings.Values);

    public IReadOnlyList<ActiveOverride> ExpiredAt(DateTimeOffset now) => Overrides.Where(o => o.IsExpired(now)).ToList();

    public OverrideBook WithoutExpired(DateTimeOffset now) => new(Overrides.Where(o => !o.IsExpired(now)), Settings.Values);

    /// <summary>The earliest end of an override in force, to wake up for.</summary>
    public DateTimeOffset? NextExpiry => Overrides.Select(o => o.Until).Where(u => u is not null).Min();

    /// <summary>The settings <paramref name="active"/> takes that have no baseline yet: these must be captured first.</summary>
    public IReadOnlyList<ControlledSetting> BaselinesMissingFor(ActiveOverride active)
    {
        ArgumentNullException.ThrowIfNull(active);
        return active.Payload.Settings.Where(s => !Settings.ContainsKey(s)).ToList();
    }

    /// <summary>
    /// Records a baseline — only when the setting has none. Once taken, a baseline is kept through
    /// every later override on that setting (and a pending restore) until it is back on the Powerwall.
    /// </summary>
    public OverrideBook WithBaseline(ControlledSetting setting, string value, string source, DateTimeOffset at) =>
        Settings.ContainsKey(setting) ? this : new(Overrides, Settings.Values.Append(new SettingState(setting, value, source, at)));

    public ActiveOverride? Winner(ControlledSetting setting, DateTimeOffset now) => OverridePrecedence.Winner(Overrides, setting, now);

    /// <summary>Settings no override wants any more whose baseline is back (or was never changed).</summary>
    public IReadOnlyList<ControlledSetting> Settled(DateTimeOffset now) =>
        Settings.Values.Where(s => Winner(s.Setting, now) is null && s.Applied == s.Baseline).Select(s => s.Setting).ToList();

    public OverrideBook WithoutSettled(DateTimeOffset now)
    {
        var settled = Settled(now);
        return settled.Count == 0 ? this : new(Overrides, Settings.Values.Where(s => !settled.Contains(s.Setting)));
    }

    /// <summary>Settings no override wants any more that still wait for their baseline to be written back.</summary>
    public IReadOnlyList<ControlledSetting> Restoring(DateTimeOffset now) =>
        SettingOrder.Writes.Where(s => Settings.ContainsKey(s) && Winner(s, now) is null).ToList();

    /// <summary>
    /// The writes that bring the Powerwall to the wanted state, in <see cref="SettingOrder.Writes"/>
    /// order; none for a setting already holding its wanted value (so a repeat sends nothing).
    /// </summary>
    /// <param name="tariffOf">The tariff JSON of a tariff override (see <see cref="OverrideTariffs.Build"/>).</param>
    public IReadOnlyList<OverrideStep> Plan(DateTimeOffset now, Func<ActiveOverride, string> tariffOf)
    {
        ArgumentNullException.ThrowIfNull(tariffOf);
        var steps = new List<OverrideStep>();
        foreach (var setting in SettingOrder.Writes)
        {
            // No state means no baseline: we never took this setting over, so we never touch it.
            if (!Settings.TryGetValue(setting, out var state))
            {
                continue;
            }

            var winner = Winner(setting, now);
            var wanted = winner is null ? state.Baseline
                : setting == ControlledSetting.Tariff ? tariffOf(winner)
                : winner.Payload.ValueOf(setting);
            if (wanted != state.Applied)
            {
                steps.Add(new OverrideStep(setting, wanted, winner?.Name));
            }
        }

        return steps;
    }

    /// <summary>
    /// The Powerwall no longer holds what was last written to <paramref name="setting"/> (firmware has
    /// been seen to drift, or someone changed it in the Tesla app): forget it, so the next plan writes it again.
    /// </summary>
    public OverrideBook Drifted(ControlledSetting setting) =>
        Settings.TryGetValue(setting, out var state) && state.Applied is not null
            ? Replace(state with { Applied = null })
            : this;

    /// <summary>The Powerwall confirmed <paramref name="step"/>; a restored baseline is done with.</summary>
    public OverrideBook Succeeded(OverrideStep step, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(step);
        var state = Settings[step.Setting];
        return step.IsRestore
            ? new(Overrides, Settings.Values.Where(s => s.Setting != step.Setting))
            : Replace(state with { Applied = step.Value, AppliedBy = step.Owner, LastError = null, LastAttemptAt = at });
    }

    /// <summary>
    /// <paramref name="step"/> failed: nothing is assumed written (<see cref="SettingState.Applied"/>
    /// stays), so the same step is planned again on the next try.
    /// </summary>
    public OverrideBook Failed(OverrideStep step, string error, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Replace(Settings[step.Setting] with { LastError = error, LastAttemptAt = at });
    }

    /// <summary>
    /// Who owns the tariff, for the price sync: the winning tariff override's name; while the
    /// baseline tariff is still to be put back, <see cref="ActiveOverride.RestoringName"/>; else null.
    /// </summary>
    public string? TariffOwner(DateTimeOffset now) =>
        Winner(ControlledSetting.Tariff, now)?.Name
        ?? (Settings.ContainsKey(ControlledSetting.Tariff) ? ActiveOverride.RestoringName : null);

    private OverrideBook Replace(SettingState state) =>
        new(Overrides, Settings.Values.Where(s => s.Setting != state.Setting).Append(state));
}
