using TeslaSync.Domain.Energy;

namespace TeslaSync.Telemetry.Energy;

/// <summary>How samples become energy history and how long each form is kept, bound from the <c>EnergyHistory</c> section.</summary>
public sealed class EnergyHistoryOptions
{
    public const string SectionName = "EnergyHistory";

    /// <summary>Samples further apart than this are a gap: nothing is integrated across it (the interval's coverage shows it).</summary>
    public TimeSpan MaxGap { get; set; } = EnergyIntegrationOptions.DefaultMaxGap;

    /// <summary><c>Trapezoid</c> (power runs linearly between samples) or <c>LeftRectangle</c> (it holds until the next).</summary>
    public IntegrationMethod Integration { get; set; } = IntegrationMethod.Trapezoid;

    /// <summary>Raw live-status samples; 0 keeps them for ever.</summary>
    public int RawSampleRetentionDays { get; set; } = 7;

    /// <summary>5-minute energy; 0 keeps it for ever. Older history comes from the 30-minute rows.</summary>
    public int FiveMinuteRetentionDays { get; set; } = 90;

    /// <summary>30-minute energy (summaries, long charts); 0 keeps it for ever.</summary>
    public int HalfHourRetentionDays { get; set; } = 5 * 366;

    /// <summary>How often the background pass rolls finished half-hours up and removes what is past its retention.</summary>
    public TimeSpan RollupEvery { get; set; } = TimeSpan.FromMinutes(5);

    public EnergyIntegrationOptions ToIntegrationOptions() => new() { MaxGap = MaxGap, Method = Integration };

    /// <summary>
    /// A half-hour is rolled up once no sample can still add to it: a later sample integrates back at most
    /// <see cref="MaxGap"/>; the rest is slack for a sample Tesla stamps a little late.
    /// </summary>
    public TimeSpan RollupDelay => MaxGap + TimeSpan.FromMinutes(5);
}
