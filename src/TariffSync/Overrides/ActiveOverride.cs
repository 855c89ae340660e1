namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// A named override in force. <paramref name="Name"/> is its owner (e.g. "spike", "curtailment"),
/// so each caller releases exactly its own.
/// </summary>
/// <param name="Until">When it ends by itself; null = until released.</param>
/// <param name="Since">When the current payload and end were set: a tariff override's window is
/// <c>[Since, Until)</c>, so the uploaded tariff is a pure function of the stored override and
/// re-applying it unchanged rebuilds the very same tariff (and sends nothing).</param>
/// <param name="AppliedAt">When this name first applied it; breaks precedence ties (newest wins).</param>
public sealed record ActiveOverride(string Name, OverridePayload Payload, DateTimeOffset? Until, DateTimeOffset Since, DateTimeOffset AppliedAt)
{
    public const int MaxNameLength = 64;

    /// <summary>What the tariff guard reports while a tariff restore is pending; no override may use it.</summary>
    public const string RestoringName = "restoring";

    public static ActiveOverride Start(string name, OverridePayload payload, DateTimeOffset? until, DateTimeOffset now) =>
        new(name, payload, Stored(until), Stored(now), Stored(now));

    /// <summary>
    /// An instant at the precision it is stored with (whole milliseconds). Without this, an end
    /// sent again with the same sub-millisecond ticks would differ from the stored one and count
    /// as a change, and a tariff window rebuilt after a restart could differ from the uploaded one.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    private static DateTimeOffset? Stored(DateTimeOffset? instant) => instant is { } value ? Stored(value) : null;

    public bool IsExpired(DateTimeOffset now) => Until is { } until && until <= now;

    public bool Touches(ControlledSetting setting) => Payload.Settings.Contains(setting);

    /// <summary>
    /// The same name applied again. Unchanged (the same instance) when payload and end are equal,
    /// so nothing is re-sent; otherwise the window restarts now, which is how a spike is extended:
    /// the new tariff covers now..new end.
    /// </summary>
    public ActiveOverride Reapply(OverridePayload payload, DateTimeOffset? until, DateTimeOffset now) =>
        payload == Payload && Stored(until) == Until ? this : this with { Payload = payload, Until = Stored(until), Since = Stored(now) };

    /// <summary>Null when a request to apply this is acceptable, else why not.</summary>
    public static string? Problem(string name, OverridePayload payload, DateTimeOffset? until, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name != name.Trim())
        {
            return $"An override needs a name of 1–{MaxNameLength} characters without surrounding spaces.";
        }

        if (name == RestoringName)
        {
            return $"'{RestoringName}' is reserved.";
        }

        if (payload.NeedsUntil && until is null)
        {
            return $"A {payload.Describe()} override needs an end time (until).";
        }

        if (until is { } end && end <= now)
        {
            return "The end time (until) is already past.";
        }

        return payload.Problem();
    }
}

/// <summary>
/// Which override controls a setting when several want it (ADR 0005): force discharge, then
/// spike, then force charge, then the single-setting overrides; among equals the newest.
/// </summary>
public static class OverridePrecedence
{
    /// <summary>Lower is stronger.</summary>
    public static int Rank(OverrideKind kind) => kind switch
    {
        // A deliberate "export now" beats the automatic spike response; both beat charging,
        // so the Powerwall never grid-charges while either wants it to export.
        OverrideKind.ForceDischarge => 0,
        OverrideKind.SpikeTariff => 1,
        OverrideKind.ForceCharge => 2,
        _ => 3,
    };

    public static ActiveOverride? Winner(IEnumerable<ActiveOverride> overrides, ControlledSetting setting, DateTimeOffset now) =>
        overrides
            .Where(o => o.Touches(setting) && !o.IsExpired(now))
            .OrderBy(o => Rank(o.Payload.Kind))
            .ThenByDescending(o => o.AppliedAt)
            .ThenBy(o => o.Name, StringComparer.Ordinal)
            .FirstOrDefault();
}
