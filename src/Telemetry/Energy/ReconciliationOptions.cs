namespace TeslaSync.Telemetry.Energy;

/// <summary>When Tesla's own daily totals are fetched to compare with ours, bound from <c>EnergyHistory:Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "EnergyHistory:Reconciliation";

    /// <summary>Fetch Tesla's calendar_history once for every finished day (one paid read a day).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after local midnight a day is fetched (Tesla's own totals settle after the day ends).</summary>
    public TimeSpan AfterDayEnds { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many finished days back are fetched when missing (after an outage).</summary>
    public int LookBackDays { get; set; } = 7;

    /// <summary>After a failed fetch, the day is tried again this much later…</summary>
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromHours(6);

    /// <summary>…at most this many times in all.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often to look for a day to fetch.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(15);
}
