using TeslaSync.Domain.Energy;

namespace TeslaSync.Domain.UnitTests.Energy;

/// <summary>Local days, weeks, months and years on both 2026 transition days (5 April, 4 October) and at month and year ends.</summary>
public sealed class LocalPeriodTests
{
    [Theory]
    [InlineData("Australia/Sydney", "2026-04-05", 25)]
    [InlineData("Australia/Sydney", "2026-10-04", 23)]
    [InlineData("Australia/Adelaide", "2026-04-05", 25)]
    [InlineData("Australia/Adelaide", "2026-10-04", 23)]
    [InlineData("Australia/Brisbane", "2026-04-05", 24)]
    [InlineData("Australia/Brisbane", "2026-10-04", 24)]
    [InlineData("Australia/Sydney", "2026-04-04", 24)]
    [InlineData("Australia/Sydney", "2026-10-05", 24)]
    public void Containing_Day_RunsFromLocalMidnightToLocalMidnight(string zoneId, string date, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        var day = LocalPeriod.Containing(SummaryPeriod.Day, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.Equal(TimeSpan.FromHours(hours), day.Length);
        Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(day.Start, zone).TimeOfDay);
        Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(day.End, zone).TimeOfDay);
        Assert.Equal(day.First, SiteCalendar.DateOf(day.Start, zone));
        Assert.Equal(day.First, SiteCalendar.DateOf(day.End.AddTicks(-1), zone));
        Assert.Equal(day.First.AddDays(1), SiteCalendar.DateOf(day.End, zone));
    }

    [Fact]
    public void Containing_Week_StartsOnMondayAndCarriesTheExtraHour()
    {
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

        var week = LocalPeriod.Containing(SummaryPeriod.Week, new DateOnly(2026, 4, 5), sydney); // a Sunday

        Assert.Equal(new DateOnly(2026, 3, 30), week.First);
        Assert.Equal(DayOfWeek.Monday, week.First.DayOfWeek);
        Assert.Equal(new DateOnly(2026, 4, 5), week.Last);
        Assert.Equal(7, week.DayCount);
        Assert.Equal(TimeSpan.FromHours((7 * 24) + 1), week.Length);
        Assert.Equal(week, LocalPeriod.Containing(SummaryPeriod.Week, new DateOnly(2026, 3, 30), sydney));
    }

    [Theory]
    [InlineData("Australia/Sydney", "2026-10-31", "2026-10-01", "2026-10-31", (31 * 24) - 1)]
    [InlineData("Australia/Adelaide", "2026-04-01", "2026-04-01", "2026-04-30", (30 * 24) + 1)]
    [InlineData("Australia/Brisbane", "2026-02-28", "2026-02-01", "2026-02-28", 28 * 24)]
    [InlineData("Australia/Brisbane", "2028-02-29", "2028-02-01", "2028-02-29", 29 * 24)]
    [InlineData("Australia/Sydney", "2026-12-31", "2026-12-01", "2026-12-31", 31 * 24)]
    [InlineData("Australia/Sydney", "2027-01-01", "2027-01-01", "2027-01-31", 31 * 24)]
    public void Containing_Month_IsTheCalendarMonth(string zoneId, string date, string first, string last, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        var month = LocalPeriod.Containing(SummaryPeriod.Month, Parse(date), zone);

        Assert.Equal(Parse(first), month.First);
        Assert.Equal(Parse(last), month.Last);
        Assert.Equal(TimeSpan.FromHours(hours), month.Length);
    }

    [Fact]
    public void Containing_Year_FromNewYearToNewYearAcrossBothTransitions()
    {
        var adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");

        var year = LocalPeriod.Containing(SummaryPeriod.Year, new DateOnly(2026, 12, 31), adelaide);

        Assert.Equal(new DateOnly(2026, 1, 1), year.First);
        Assert.Equal(new DateOnly(2026, 12, 31), year.Last);
        Assert.Equal(365, year.DayCount);
        Assert.Equal(TimeSpan.FromHours(365 * 24), year.Length);
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 13, 30, 0, TimeSpan.Zero), year.Start); // +10:30 in summer
    }

    [Fact]
    public void StartOfDay_ZoneThatSkipsMidnight_IsTheFirstInstantThatExists()
    {
        // A made-up zone that moves its clocks from 00:00 to 01:00 on 1 October.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2000, 1, 1), new DateTime(2099, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 10, 1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 1, 0, 0), 4, 1));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Skips", TimeSpan.FromHours(-3), "Skips", "Skips", "Skips DST", [rule]);

        var start = SiteCalendar.StartOfDay(new DateOnly(2026, 10, 1), zone);

        Assert.Equal(new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateOnly(2026, 10, 1), SiteCalendar.DateOf(start, zone));
    }

    [Theory]
    [InlineData("Australia/Sydney", "2026-04-04T16:00:00Z", 11, 10)]
    [InlineData("Australia/Sydney", "2026-10-03T16:00:00Z", 10, 11)]
    [InlineData("Australia/Adelaide", "2026-04-04T16:30:00Z", 10.5, 9.5)]
    [InlineData("Australia/Adelaide", "2026-10-03T16:30:00Z", 9.5, 10.5)]
    public void OffsetSpans_AcrossATransition_CutExactlyWhereTheOffsetChanges(string zoneId, string change, double before, double after)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var at = DateTimeOffset.Parse(change, System.Globalization.CultureInfo.InvariantCulture);

        var spans = SiteCalendar.OffsetSpans(at.AddDays(-3), at.AddDays(2), zone);

        Assert.Collection(spans,
            s =>
            {
                Assert.Equal(at.AddDays(-3), s.Start);
                Assert.Equal(at, s.End);
                Assert.Equal(TimeSpan.FromHours(before), s.Offset);
            },
            s =>
            {
                Assert.Equal(at, s.Start);
                Assert.Equal(at.AddDays(2), s.End);
                Assert.Equal(TimeSpan.FromHours(after), s.Offset);
            });
    }

    [Fact]
    public void OffsetSpans_TransitionInTheLastStep_IsFound()
    {
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        var change = new DateTimeOffset(2026, 4, 4, 16, 0, 0, TimeSpan.Zero);

        var spans = SiteCalendar.OffsetSpans(change.AddHours(-1), change.AddMinutes(30), sydney);

        Assert.Equal([change.AddHours(-1), change], spans.Select(s => s.Start));
    }

    [Fact]
    public void OffsetSpans_Brisbane_OneSpanForAYear()
    {
        var brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");
        var year = LocalPeriod.Containing(SummaryPeriod.Year, new DateOnly(2026, 6, 1), brisbane);

        var span = Assert.Single(SiteCalendar.OffsetSpans(year.Start, year.End, brisbane));

        Assert.Equal(TimeSpan.FromHours(10), span.Offset);
    }

    private static DateOnly Parse(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
}
