namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>How often to read the Powerwall's live status, bound from the <c>LiveStatus</c> section.</summary>
public sealed class LiveStatusOptions
{
    public const string SectionName = "LiveStatus";

    /// <summary>Polling faster than this costs real money on the Fleet API (~$350/month at 15 s).</summary>
    public static readonly TimeSpan Fastest = TimeSpan.FromSeconds(30);

    /// <summary>site_info is read for the mode and reserve no more often than this.</summary>
    public static readonly TimeSpan FastestSettings = TimeSpan.FromMinutes(5);

    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often to read site_info for the operation mode and backup reserve (live_status has neither):
    /// one read per this many samples' worth of time, and none while the API budget is being conserved.
    /// Zero turns it off.
    /// </summary>
    public TimeSpan SettingsEvery { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Tesla's id of the energy site; optional when the account has exactly one battery site.</summary>
    public long? EnergySiteId { get; set; }
}
