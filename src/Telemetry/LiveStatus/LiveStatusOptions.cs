namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>How often to read the Powerwall's live status, bound from the <c>LiveStatus</c> section.</summary>
public sealed class LiveStatusOptions
{
    public const string SectionName = "LiveStatus";

    /// <summary>Polling faster than this costs real money on the Fleet API (~$350/month at 15 s).</summary>
    public static readonly TimeSpan Fastest = TimeSpan.FromSeconds(30);

    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tesla's id of the energy site; optional when the account has exactly one battery site.</summary>
    public long? EnergySiteId { get; set; }
}
