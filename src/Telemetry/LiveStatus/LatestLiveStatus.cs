namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// A live-status reading of a site, in W and %, with Tesla's signs (battery &gt; 0 discharging, grid &gt; 0
/// importing), and the operation mode, backup reserve, export rule and firmware version as last read from
/// site_info (null until read).
/// </summary>
public sealed record LiveSample(
    string SiteId,
    DateTimeOffset SampledAt,
    double SolarPowerW,
    double BatteryPowerW,
    double GridPowerW,
    double LoadPowerW,
    double StateOfChargePercent,
    string GridStatus,
    string? OperationMode = null,
    double? BackupReservePercent = null,
    DateTimeOffset? SettingsReadAt = null,
    string? ExportRule = null,
    string? FirmwareVersion = null);

/// <summary>The most recent sample per site, for the live-status query (history is in the database).</summary>
internal sealed class LatestLiveStatus
{
    private readonly Dictionary<string, LiveSample> _bySite = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Record(LiveSample sample)
    {
        lock (_lock)
        {
            if (!_bySite.TryGetValue(sample.SiteId, out var current) || current.SampledAt <= sample.SampledAt)
            {
                _bySite[sample.SiteId] = sample;
            }
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
