using TeslaSync.Integrations.Tesla;

namespace TeslaSync.Telemetry.LiveStatus;

/// <summary>
/// The Powerwall's settings as last read from site_info: operation mode, backup reserve, installation zone,
/// export rule and firmware version.
/// </summary>
/// <param name="OperationMode">Tesla's wire name (<c>self_consumption</c>, <c>autonomous</c>, <c>backup</c>); null when not reported.</param>
/// <param name="ExportRule">Tesla's wire name (<c>pv_only</c>, <c>battery_ok</c>, <c>never</c>); null when not reported.</param>
/// <param name="FirmwareVersion">site_info <c>version</c>, e.g. <c>24.4.0 0fe780c9</c>; null when not reported.</param>
public sealed record PowerwallSettings(
    string? OperationMode,
    double? BackupReservePercent,
    string? InstallationTimeZone,
    DateTimeOffset ReadAt,
    string? ExportRule = null,
    string? FirmwareVersion = null);

/// <summary>
/// What Telemetry knows of the Tesla energy site it reads: its id (chosen once from the products list)
/// and its settings from the last site_info read. Shared by the sampler and the daily reconciliation, so
/// neither pays for a read the other has made.
/// </summary>
internal sealed class PowerwallSite
{
    private long _energySiteId;
    private PowerwallSettings? _settings;

    public long? EnergySiteId => Interlocked.Read(ref _energySiteId) is var id && id != 0 ? id : null;

    public PowerwallSettings? Settings => Volatile.Read(ref _settings);

    public void ChoseSite(long energySiteId) => Interlocked.Exchange(ref _energySiteId, energySiteId);

    public void Read(SiteInfo info, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(info);
        Volatile.Write(ref _settings, new PowerwallSettings(
            WireName(info.DefaultRealMode),
            info.BackupReservePercent,
            info.InstallationTimeZone,
            at,
            WireName(info.CustomerPreferredExportRule),
            string.IsNullOrWhiteSpace(info.FirmwareVersion) ? null : info.FirmwareVersion));
    }

    private static string? WireName(OperationMode? mode) => mode switch
    {
        OperationMode.SelfConsumption => "self_consumption",
        OperationMode.Autonomous => "autonomous",
        OperationMode.Backup => "backup",
        _ => null,
    };

    private static string? WireName(ExportRule? rule) => rule switch
    {
        ExportRule.PvOnly => "pv_only",
        ExportRule.BatteryOk => "battery_ok",
        ExportRule.Never => "never",
        _ => null,
    };

    /// <summary>
    /// The site id, choosing it from the products list the first time (one read, counted with every other by
    /// the Tesla client's <see cref="TeslaReadCounter"/>).
    /// </summary>
    public async Task<long> EnsureSiteAsync(ITeslaEnergyClient tesla, long? configured, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tesla);
        if (EnergySiteId is { } known)
        {
            return known;
        }

        var chosen = await EnergySiteSelection.ChooseAsync(tesla, configured, "LiveStatus:EnergySiteId", cancellationToken);
        ChoseSite(chosen);
        return chosen;
    }
}
