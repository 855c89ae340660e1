using System.Globalization;
using TeslaSync.Domain.Energy;
using TeslaSync.Telemetry.Energy;

namespace TeslaSync.Telemetry.UnitTests;

/// <summary>
/// History and summaries through the store and its SQL, on both 2026 transition days in Sydney and
/// Adelaide, in Brisbane (no DST), and over month, week and year ends. Part of each day is read from
/// rolled-up 30-minute rows and the newest part from 5-minute rows, as on a live system.
/// </summary>
public sealed class EnergySummaryQueryTests
{
    public static TheoryData<string, string, int> Days => new()
    {
        { "Australia/Sydney", "2026-04-05", 25 },
        { "Australia/Sydney", "2026-10-04", 23 },
        { "Australia/Adelaide", "2026-04-05", 25 },
        { "Australia/Adelaide", "2026-10-04", 23 },
        { "Australia/Brisbane", "2026-04-05", 24 },
        { "Australia/Brisbane", "2026-10-04", 24 },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public async Task DaySummary_ConstantImportAllDay_OneKilowattHourPerLocalHour(string zoneId, string date, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var day = LocalPeriod.Containing(SummaryPeriod.Day, Parse(date), zone);
        await using var rig = await TelemetryRig.StartAsync(zoneId, day.Start.AddHours(-1));
        await rig.SampleAsync(day.Start.AddHours(-1), day.End.AddHours(1), TimeSpan.FromMinutes(2), _ => (0, 0, 1000));
        rig.Time.SetUtcNow(day.End.AddHours(1).AddMinutes(1));

        var (summary, reconciliation) = await rig.SummaryAsync(SummaryPeriod.Day, Parse(date));

        Assert.Equal(TimeSpan.FromHours(hours), summary.Period.Length);
        Assert.Equal(hours * 1000, summary.Energy.GridImport, 6);
        Assert.Equal(hours * 1000, summary.Energy.Home, 6);
        Assert.Equal(TimeSpan.FromHours(hours), summary.Covered);
        Assert.True(summary.IsComplete);
        Assert.Equal(1, summary.Completeness);
        Assert.Equal(0, summary.SelfSufficiency);
        Assert.Equal(ReconciliationState.Pending, reconciliation.State);
    }

    [Theory]
    [MemberData(nameof(Days))]
    public async Task History_LocalDaysAndHours_TransitionDayIsOneBucketOf23Or25Hours(string zoneId, string date, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var day = LocalPeriod.Containing(SummaryPeriod.Day, Parse(date), zone);
        await using var rig = await TelemetryRig.StartAsync(zoneId, day.Start.AddHours(-3));
        await rig.SampleAsync(day.Start.AddHours(-3), day.End.AddHours(3), TimeSpan.FromMinutes(2), _ => (0, 0, 1000));

        var days = await rig.HistoryAsync(day.Start.AddHours(-3), day.End.AddHours(3), TimeSpan.FromDays(1));
        var hourly = await rig.HistoryAsync(day.Start, day.End, TimeSpan.FromHours(1));
        var halfHourly = await rig.HistoryAsync(day.Start, day.End, TimeSpan.FromMinutes(30));

        Assert.Equal([day.First.AddDays(-1), day.First, day.First.AddDays(1)], days.Select(d => d.LocalDate!.Value));
        var theDay = days[1].Energy;
        Assert.Equal(day.Start, theDay.Start);
        Assert.Equal(day.End, theDay.End);
        Assert.Equal(hours * 1000, theDay.GridImport, 6);
        Assert.True(theDay.IsComplete);
        Assert.Equal(3000, days[0].Energy.GridImport, 6);
        Assert.Equal(hours, hourly.Count);
        Assert.All(hourly, h =>
        {
            Assert.Equal(TimeSpan.FromHours(1), h.Energy.Duration);
            Assert.Equal(1000, h.Energy.GridImport, 6);
            Assert.Equal(0, TimeZoneInfo.ConvertTime(h.Energy.Start, zone).Minute);
        });
        Assert.Equal(hourly.Select(h => h.Energy.Start).Distinct().Count(), hourly.Count);
        Assert.Equal(hours * 2, halfHourly.Count);
        Assert.All(halfHourly, h => Assert.Equal(500, h.Energy.GridImport, 6));
    }

    [Fact]
    public async Task History_FiveMinutes_FromFiveMinuteRowsAndEarlierFromHalfHours()
    {
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await using var rig = await TelemetryRig.StartAsync("Australia/Brisbane", start, new Dictionary<string, string?> { ["EnergyHistory:FiveMinuteRetentionDays"] = "1" });
        await rig.SampleAsync(start, start.AddHours(1), TimeSpan.FromMinutes(1), _ => (600, 0, 0));
        rig.Time.SetUtcNow(start.AddDays(2).AddMinutes(30));
        await rig.SampleAsync(start.AddDays(2).AddMinutes(30), start.AddDays(2).AddMinutes(40), TimeSpan.FromMinutes(1), _ => (600, 0, 0));
        await rig.RollUpAsync();
        await rig.PurgeAsync(); // the first hour's 5-minute rows go; its 30-minute rows stay

        var points = await rig.HistoryAsync(start, start.AddDays(3), TimeSpan.FromMinutes(5));

        Assert.Equal([30, 30, 5, 5], points.Select(p => (int)p.Energy.Duration.TotalMinutes));
        Assert.Equal(300, points[0].Energy.Solar, 6);
        Assert.Equal(50, points[2].Energy.Solar, 6);
    }

    [Theory]
    [InlineData("Australia/Adelaide", "2026-10-15", "2026-10-01", "2026-11-01", (31 * 24) - 1)]
    [InlineData("Australia/Sydney", "2026-04-15", "2026-04-01", "2026-05-01", (30 * 24) + 1)]
    [InlineData("Australia/Brisbane", "2028-02-15", "2028-02-01", "2028-03-01", 29 * 24)]
    public async Task MonthSummary_SamplesEitherSideOfBothMonthEnds_CountOnlyTheMonthsOwnHours(string zoneId, string date, string first, string next, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var monthStart = SiteCalendar.StartOfDay(Parse(first), zone);
        var monthEnd = SiteCalendar.StartOfDay(Parse(next), zone);
        await using var rig = await TelemetryRig.StartAsync(zoneId, monthStart.AddHours(-2));
        // Two hours either side of each month boundary, at 1 kW of solar exported.
        await rig.SampleAsync(monthStart.AddHours(-2), monthStart.AddHours(2), TimeSpan.FromMinutes(1), _ => (1000, 0, -1000));
        await rig.SampleAsync(monthEnd.AddHours(-2), monthEnd.AddHours(2), TimeSpan.FromMinutes(1), _ => (1000, 0, -1000));
        rig.Time.SetUtcNow(monthEnd.AddDays(1));
        await rig.RollUpAsync();

        var (month, _) = await rig.SummaryAsync(SummaryPeriod.Month, Parse(date));
        var (following, _) = await rig.SummaryAsync(SummaryPeriod.Month, Parse(next));

        Assert.Equal(Parse(first), month.Period.First);
        Assert.Equal(TimeSpan.FromHours(hours), month.Period.Length);
        Assert.Equal(4000, month.Energy.Solar, 6);
        Assert.Equal(4000, month.Energy.GridExport, 6);
        Assert.Equal(TimeSpan.FromHours(4), month.Covered);
        Assert.Equal(4.0 / hours, month.Completeness!.Value, 9);
        Assert.False(month.IsComplete);
        Assert.Null(month.SelfSufficiency); // the home used nothing
        Assert.Equal(2000, following.Energy.Solar, 6);
    }

    [Fact]
    public async Task WeekAndYearSummaries_StartOnMondayAndOnNewYearsDay()
    {
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        var newYear = SiteCalendar.StartOfDay(new DateOnly(2027, 1, 1), sydney); // a Friday
        await using var rig = await TelemetryRig.StartAsync("Australia/Sydney", newYear.AddHours(-1));
        await rig.SampleAsync(newYear.AddHours(-1), newYear.AddHours(1), TimeSpan.FromMinutes(1), _ => (0, 0, 1000));
        rig.Time.SetUtcNow(newYear.AddDays(1));
        await rig.RollUpAsync();

        var (week, _) = await rig.SummaryAsync(SummaryPeriod.Week, new DateOnly(2027, 1, 1));
        var (year2026, _) = await rig.SummaryAsync(SummaryPeriod.Year, new DateOnly(2026, 12, 31));
        var (year2027, _) = await rig.SummaryAsync(SummaryPeriod.Year, new DateOnly(2027, 6, 30));

        Assert.Equal(new DateOnly(2026, 12, 28), week.Period.First);
        Assert.Equal(2000, week.Energy.GridImport, 6);
        Assert.Equal(1000, year2026.Energy.GridImport, 6);
        Assert.Equal(1000, year2027.Energy.GridImport, 6);
        Assert.Equal(TimeSpan.FromDays(1), year2027.Elapsed);
    }

    private static DateOnly Parse(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);
}
