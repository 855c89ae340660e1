namespace TeslaSync.GridEvents;

/// <summary>
/// The site's grid-event state. Until the spike and curtailment state machines arrive, the site
/// is always in its normal state, which this service reports honestly rather than guessing.
/// </summary>
internal sealed class GridState(TimeProvider time)
{
    /// <summary>Since when the site has been in its current state (this service's start for now).</summary>
    public DateTimeOffset Since { get; } = time.GetUtcNow();
}
