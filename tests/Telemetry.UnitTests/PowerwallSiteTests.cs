using TeslaSync.Integrations.Tesla;
using TeslaSync.Telemetry.LiveStatus;

namespace TeslaSync.Telemetry.UnitTests;

public sealed class PowerwallSiteTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ExportRule.PvOnly, "pv_only")]
    [InlineData(ExportRule.BatteryOk, "battery_ok")]
    [InlineData(ExportRule.Never, "never")]
    public void Read_SiteInfo_KeepsTheExportRuleInTeslasWireNameAndTheFirmware(ExportRule rule, string wire)
    {
        var site = new PowerwallSite();

        site.Read(Info(rule, "23.44.0 eb113390"), At);

        Assert.Equal(new PowerwallSettings("autonomous", 20, "Australia/Adelaide", At, wire, "23.44.0 eb113390"), site.Settings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Read_NoExportRuleOrFirmware_LeavesThemUnknown(string? version)
    {
        var site = new PowerwallSite();

        site.Read(Info(null, version), At);

        Assert.Null(site.Settings!.ExportRule);
        Assert.Null(site.Settings.FirmwareVersion);
        Assert.Equal(At, site.Settings.ReadAt);
    }

    private static SiteInfo Info(ExportRule? rule, string? version) => new(
        "Home", "Australia/Adelaide", OperationMode.Autonomous, 20, rule, false, null, version, 2, 10_000, 27_000, null);
}
