namespace TeslaSync.GridEvents.Curtailment;

/// <summary>Negative-price solar curtailment (SPEC §4), bound from <c>GridEvents:Curtailment</c>. Opt-in.</summary>
public sealed class CurtailmentOptions
{
    public const string SectionName = "GridEvents:Curtailment";

    public bool Enabled { get; set; }

    /// <summary>Curtail when feed-in earnings fall below this, c/kWh.</summary>
    public decimal CurtailBelowCents { get; set; } = 1.0m;

    /// <summary>Restore exports only at or above this, c/kWh: above the curtail level, so it does not flap.</summary>
    public decimal RestoreAtCents { get; set; } = 1.2m;

    /// <summary>While curtailed, re-apply the override this often (SPEC §4: firmware has been seen to drift).</summary>
    public TimeSpan ReassertEvery { get; set; } = TimeSpan.FromMinutes(15);
}
