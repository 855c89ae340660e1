namespace TeslaSync.GridEvents.Spike;

/// <summary>AEMO spike export (SPEC §3), bound from <c>GridEvents:Spike</c>.</summary>
public sealed class SpikeOptions
{
    public const string SectionName = "GridEvents:Spike";

    /// <summary>Spike export is on unless turned off; turning it off ends a running spike.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Enter at or above this price, $/MWh ex GST (VPP plans often use 3000).</summary>
    public decimal ThresholdPerMwh { get; set; } = 300m;

    /// <summary>Leave only below threshold minus this, so prices hovering around the threshold do not flap.</summary>
    public decimal DeadbandPerMwh { get; set; } = 20m;

    /// <summary>
    /// How long prices must stay below the exit level before leaving, counted in whole dispatch
    /// intervals from the start of the first low one: 5 minutes = one interval (the spec's minimum).
    /// </summary>
    public TimeSpan MinimumDwell { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The spike tariff runs to the current interval's end plus this, and is extended with every
    /// new price: if prices stop arriving, TariffSync ends it by itself soon after.
    /// </summary>
    public TimeSpan ExtendMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Simulates a spike: every AEMO price counts as at least <see cref="TestPricePerMwh"/>.</summary>
    public bool TestMode { get; set; }

    /// <summary>The simulated price in test mode, $/MWh.</summary>
    public decimal TestPricePerMwh { get; set; } = 1000m;

    /// <summary>The level a spike ends below.</summary>
    public decimal ExitPerMwh => ThresholdPerMwh - DeadbandPerMwh;
}
