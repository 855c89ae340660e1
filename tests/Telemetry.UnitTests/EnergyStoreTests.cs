using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Telemetry.LiveStatus;
using TeslaSync.Telemetry.Storage;

namespace TeslaSync.Telemetry.UnitTests;

public sealed class EnergyStoreTests
{
    /// <summary>12:00 in Brisbane (+10, no daylight saving).</summary>
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordSample_ConstantPowersEvery30Seconds_FiveMinuteRowsHoldExactEnergy()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon);

        await rig.SampleAsync(Noon, Noon.AddMinutes(15), TimeSpan.FromSeconds(30), _ => (Solar: 3000, Battery: -1200, Grid: -600));

        var rows = await rig.RowsAsync(EnergyIntervalRow.FiveMinutes);
        Assert.Equal([Noon, Noon.AddMinutes(5), Noon.AddMinutes(10)], rows.Select(r => r.Start));
        Assert.All(rows, r =>
        {
            Assert.Equal(250, r.SolarWh, 9);
            Assert.Equal(100, r.BatteryChargeWh, 9);
            Assert.Equal(50, r.GridExportWh, 9);
            Assert.Equal(100, r.HomeWh, 9);
            Assert.Equal(0, r.GridImportWh);
            Assert.Equal(0, r.BatteryDischargeWh);
            Assert.Equal(300_000, r.CoveredMilliseconds);
        });
    }

    [Fact]
    public async Task RecordSample_WithSiteInfoSettings_StoresModeReserveExportRuleAndFirmware()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon);
        var sample = new LiveSample(TelemetryRig.SiteId, Noon, 3000, -1200, -600, 1200, 64, "Active", "autonomous", 20, Noon.AddMinutes(-3),
            "pv_only", "24.4.0 0fe780c9");

        Assert.True(await rig.InScopeAsync(s => s.GetRequiredService<EnergyStore>().RecordSampleAsync(sample, CancellationToken.None)));

        var row = await rig.InScopeAsync(s => s.GetRequiredService<TelemetryDbContext>().Samples.AsNoTracking().SingleAsync());
        Assert.Equal("autonomous", row.OperationMode);
        Assert.Equal(20, row.BackupReservePercent);
        Assert.Equal("pv_only", row.ExportRule);
        Assert.Equal("24.4.0 0fe780c9", row.FirmwareVersion);
    }

    [Fact]
    public async Task RecordSample_NotNewerThanTheLast_IsNotStoredOrIntegratedAgain()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon);
        await rig.RecordAsync(Noon, 0, 0, 1000);
        await rig.RecordAsync(Noon.AddSeconds(30), 0, 0, 1000);

        Assert.False(await rig.RecordAsync(Noon.AddSeconds(30), 0, 0, 1000));
        Assert.False(await rig.RecordAsync(Noon.AddSeconds(10), 0, 0, 1000));

        var row = Assert.Single(await rig.RowsAsync(EnergyIntervalRow.FiveMinutes));
        Assert.Equal(1000 * 30 / 3600.0, row.GridImportWh, 9);
    }

    [Fact]
    public async Task RecordSample_GapLongerThanTheLimit_IsNotIntegratedAndCoverageShowsIt()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon);
        await rig.SampleAsync(Noon, Noon.AddMinutes(3), TimeSpan.FromSeconds(30), _ => (0, 0, 1200), rollUp: false);
        await rig.SampleAsync(Noon.AddMinutes(11), Noon.AddMinutes(15), TimeSpan.FromSeconds(30), _ => (0, 0, 1200), rollUp: false);

        var rows = await rig.RowsAsync(EnergyIntervalRow.FiveMinutes);

        Assert.Equal([Noon, Noon.AddMinutes(10)], rows.Select(r => r.Start));
        Assert.Equal(180_000, rows[0].CoveredMilliseconds);
        Assert.Equal(60, rows[0].GridImportWh, 9);
        Assert.Equal(240_000, rows[1].CoveredMilliseconds);
        Assert.Equal(80, rows[1].GridImportWh, 9);
    }

    [Fact]
    public async Task RecordSample_ConfiguredGapLimit_IsUsed()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon, new Dictionary<string, string?> { ["EnergyHistory:MaxGap"] = "00:15:00" });
        await rig.RecordAsync(Noon, 0, 0, 1200);
        await rig.RecordAsync(Noon.AddMinutes(10), 0, 0, 1200);

        var rows = await rig.RowsAsync(EnergyIntervalRow.FiveMinutes);

        Assert.Equal(200, rows.Sum(r => r.GridImportWh), 9);
        Assert.Equal(600_000, rows.Sum(r => r.CoveredMilliseconds));
    }

    [Fact]
    public async Task RollUp_OnlyHalfHoursNoSampleCanStillReach_AreRolledUp()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon);
        await rig.SampleAsync(Noon, Noon.AddMinutes(38), TimeSpan.FromSeconds(30), _ => (2000, 0, -1000), rollUp: false);

        rig.Time.SetUtcNow(Noon.AddMinutes(39));
        Assert.Equal(0, await rig.RollUpAsync()); // 12:30 minus the 10-minute delay is not yet past 12:30
        rig.Time.SetUtcNow(Noon.AddMinutes(40));
        Assert.Equal(1, await rig.RollUpAsync());
        Assert.Equal(0, await rig.RollUpAsync());

        var halfHour = Assert.Single(await rig.RowsAsync(EnergyIntervalRow.HalfHour));
        Assert.Equal(Noon, halfHour.Start);
        Assert.Equal(1000, halfHour.SolarWh, 9);
        Assert.Equal(500, halfHour.GridExportWh, 9);
        Assert.Equal(1_800_000, halfHour.CoveredMilliseconds);
    }

    [Fact]
    public async Task RecordSample_StampedIntoAHalfHourAlreadyRolledUp_IsAddedThereToo()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon);
        await rig.RecordAsync(Noon.AddMinutes(20), 0, 0, 600);
        rig.Time.SetUtcNow(Noon.AddHours(2));
        await rig.RecordAsync(Noon.AddMinutes(25), 0, 0, 600); // a quick second sample: a 5-minute row exists to roll up
        await rig.RollUpAsync();

        // Tesla stamps the next reading long before our clock (a late, cached answer), still within the gap limit.
        await rig.RecordAsync(Noon.AddMinutes(28), 0, 0, 600);

        var halfHour = Assert.Single(await rig.RowsAsync(EnergyIntervalRow.HalfHour));
        var fine = await rig.RowsAsync(EnergyIntervalRow.FiveMinutes);
        Assert.Equal(fine.Sum(r => r.GridImportWh), halfHour.GridImportWh, 9);
        Assert.Equal(600 * 8 / 60.0, halfHour.GridImportWh, 9);
        Assert.Equal(fine.Sum(r => r.CoveredMilliseconds), halfHour.CoveredMilliseconds);
    }

    [Fact]
    public async Task Purge_EachFormPastItsRetention_IsRemoved()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon, new Dictionary<string, string?>
        {
            ["EnergyHistory:RawSampleRetentionDays"] = "7",
            ["EnergyHistory:FiveMinuteRetentionDays"] = "30",
            ["EnergyHistory:HalfHourRetentionDays"] = "60",
        });
        await rig.SampleAsync(Noon, Noon.AddHours(1), TimeSpan.FromMinutes(1), _ => (0, 0, 600));

        rig.Time.SetUtcNow(Noon.AddDays(7).AddHours(-1));
        Assert.Equal(new RetentionResult(0, 0, 0), await rig.PurgeAsync());
        rig.Time.SetUtcNow(Noon.AddDays(7).AddMinutes(30).AddSeconds(1));
        var week = await rig.PurgeAsync();
        Assert.Equal(31, week.Samples);
        Assert.Equal(0, week.FiveMinuteIntervals);

        await rig.RollUpAsync();
        rig.Time.SetUtcNow(Noon.AddDays(30).AddHours(1));
        Assert.Equal(12, (await rig.PurgeAsync()).FiveMinuteIntervals);
        Assert.Equal(2, (await rig.RowsAsync(EnergyIntervalRow.HalfHour)).Count);

        rig.Time.SetUtcNow(Noon.AddDays(60).AddHours(1));
        Assert.Equal(2, (await rig.PurgeAsync()).HalfHourIntervals);
    }

    [Fact]
    public async Task Purge_FiveMinuteRowsNotYetRolledUp_AreKept()
    {
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", Noon, new Dictionary<string, string?> { ["EnergyHistory:FiveMinuteRetentionDays"] = "1" });
        await rig.SampleAsync(Noon, Noon.AddMinutes(30), TimeSpan.FromMinutes(1), _ => (0, 0, 600), rollUp: false);

        rig.Time.SetUtcNow(Noon.AddDays(3));
        Assert.Equal(0, (await rig.PurgeAsync()).FiveMinuteIntervals);
        await rig.RollUpAsync();
        Assert.Equal(6, (await rig.PurgeAsync()).FiveMinuteIntervals);
    }
}
