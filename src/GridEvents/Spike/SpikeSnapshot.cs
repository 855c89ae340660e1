namespace TeslaSync.GridEvents.Spike;

/// <summary>Where the spike state machine is (SPEC §3: normal → spike → restoring → normal).</summary>
public enum SpikePhase
{
    Normal,
    Spike,

    /// <summary>The spike is over and released; TariffSync has not yet confirmed the baseline is back.</summary>
    Restoring,
}

/// <summary>The persisted state of a site's spike state machine.</summary>
/// <param name="Since">When <see cref="Phase"/> was entered.</param>
public sealed record SpikeSnapshot(SpikePhase Phase, DateTimeOffset Since)
{
    /// <summary>The last price considered, $/MWh (the simulated one in test mode).</summary>
    public decimal? PricePerMwh { get; init; }

    /// <summary>End of the dispatch interval of <see cref="PricePerMwh"/>.</summary>
    public DateTimeOffset? IntervalEnd { get; init; }

    /// <summary>In spike: start of the first interval of the current run of prices below the exit level.</summary>
    public DateTimeOffset? BelowExitSince { get; init; }

    /// <summary>In spike: the end of the spike tariff asked for.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>TariffSync acknowledged the last apply or release; false = retry on the next tick.</summary>
    public bool Confirmed { get; init; } = true;

    public static SpikeSnapshot Initial(DateTimeOffset now) => new(SpikePhase.Normal, now);
}
