namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>A live-status reading of a site, in W and %, with Tesla's signs (battery &gt; 0 discharging, grid &gt; 0 importing).</summary>
public sealed record LiveSample(
    string SiteId,
    DateTimeOffset SampledAt,
    double SolarPowerW,
    double BatteryPowerW,
    double GridPowerW,
    double LoadPowerW,
    double StateOfChargePercent,
    string GridStatus);

/// <summary>The most recent sample per site (history and summaries come with their own storage).</summary>
internal sealed class LatestLiveStatus
{
    private readonly Dictionary<string, LiveSample> _bySite = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Record(LiveSample sample)
    {
        lock (_lock)
        {
            _bySite[sample.SiteId] = sample;
        }
    }

    public LiveSample? Get(string siteId)
    {
        lock (_lock)
        {
            return _bySite.GetValueOrDefault(siteId);
        }
    }
}
