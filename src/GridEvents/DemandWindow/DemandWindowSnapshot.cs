namespace TeslaSync.GridEvents.DemandWindow;

/// <summary>The persisted state of a site's demand-window state machine.</summary>
/// <param name="InWindow">The window is open, so grid charging is blocked (or being blocked).</param>
/// <param name="Since">When <see cref="InWindow"/> last changed.</param>
public sealed record DemandWindowSnapshot(bool InWindow, DateTimeOffset Since)
{
    /// <summary>TariffSync acknowledged the last apply or release; false = retry on the next check.</summary>
    public bool Confirmed { get; init; } = true;

    /// <summary>When the window was last compared with the clock; null before the first time the zone was known.</summary>
    public DateTimeOffset? CheckedAt { get; init; }

    public static DemandWindowSnapshot Initial(DateTimeOffset now) => new(false, now);
}
