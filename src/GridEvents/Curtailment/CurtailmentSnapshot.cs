namespace TeslaSync.GridEvents.Curtailment;

/// <summary>The persisted state of a site's curtailment state machine.</summary>
/// <param name="Since">When <see cref="Curtailed"/> last changed.</param>
public sealed record CurtailmentSnapshot(bool Curtailed, DateTimeOffset Since)
{
    /// <summary>The last feed-in earnings considered, c/kWh.</summary>
    public decimal? EarningsCents { get; init; }

    /// <summary>End of the interval those earnings belong to.</summary>
    public DateTimeOffset? IntervalEnd { get; init; }

    /// <summary>While curtailed: when TariffSync last acknowledged the export-rule override.</summary>
    public DateTimeOffset? AssertedAt { get; init; }

    /// <summary>TariffSync acknowledged the last apply or release; false = retry on the next tick.</summary>
    public bool Confirmed { get; init; } = true;

    public static CurtailmentSnapshot Initial(DateTimeOffset now) => new(false, now);
}
