namespace TeslaSync.GridEvents;

/// <summary>How often the state machines are checked, bound from <c>GridEvents</c>.</summary>
public sealed class GridEventsOptions
{
    public const string SectionName = "GridEvents";

    /// <summary>SPEC §3/§4: every minute (retries, expiry, pending restore, curtailment re-assertion).</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a call to TariffSync may take; it writes to the Powerwall while we wait.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>One decision at a time per process: a price event and the minute check never interleave.</summary>
internal sealed class DecisionGate : TeslaSync.ServiceDefaults.AsyncGate;
