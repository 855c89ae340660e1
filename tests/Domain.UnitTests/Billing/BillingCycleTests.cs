using TeslaSync.Domain.Billing;
using static TeslaSync.Domain.UnitTests.Billing.Site;

namespace TeslaSync.Domain.UnitTests.Billing;

public sealed class BillingCycleTests
{
    [Theory]
    // Cycle day 15: the 15th to the 14th.
    [InlineData(15, "2026-06-20", "2026-06-15", "2026-07-14", 30)]
    [InlineData(15, "2026-06-14", "2026-05-15", "2026-06-14", 31)]
    [InlineData(15, "2026-06-15", "2026-06-15", "2026-07-14", 30)]
    [InlineData(1, "2026-02-10", "2026-02-01", "2026-02-28", 28)]
    // Across the year end.
    [InlineData(20, "2026-12-25", "2026-12-20", "2027-01-19", 31)]
    [InlineData(20, "2027-01-05", "2026-12-20", "2027-01-19", 31)]
    // Day 31: the last day of shorter months.
    [InlineData(31, "2026-01-31", "2026-01-31", "2026-02-27", 28)]
    [InlineData(31, "2026-02-10", "2026-01-31", "2026-02-27", 28)]
    [InlineData(31, "2026-02-28", "2026-02-28", "2026-03-30", 31)]
    [InlineData(31, "2026-03-30", "2026-02-28", "2026-03-30", 31)]
    [InlineData(31, "2026-03-31", "2026-03-31", "2026-04-29", 30)]
    [InlineData(31, "2026-04-30", "2026-04-30", "2026-05-30", 31)]
    [InlineData(31, "2026-12-31", "2026-12-31", "2027-01-30", 31)]
    [InlineData(30, "2027-03-01", "2027-02-28", "2027-03-29", 30)]
    // Leap year 2028: 29 February exists.
    [InlineData(31, "2028-02-15", "2028-01-31", "2028-02-28", 29)]
    [InlineData(31, "2028-02-29", "2028-02-29", "2028-03-30", 31)]
    [InlineData(29, "2028-02-29", "2028-02-29", "2028-03-28", 29)]
    [InlineData(29, "2028-02-28", "2028-01-29", "2028-02-28", 31)]
    [InlineData(29, "2027-02-28", "2027-02-28", "2027-03-28", 29)]
    public void Containing_CycleDayAcrossMonthEnds(int cycleDay, string date, string start, string lastDay, int days)
    {
        var cycle = BillingCycle.Containing(Date(date), cycleDay);

        Assert.Equal(Date(start), cycle.Start);
        Assert.Equal(Date(lastDay), cycle.LastDay);
        Assert.Equal(days, cycle.Days);
        Assert.True(cycle.Contains(Date(date)));
        Assert.Equal(cycle.NextStart, cycle.Next().Start);
        Assert.Equal(cycle, cycle.Next().Previous());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(-1)]
    public void Containing_CycleDayOutOfRange_Refused(int cycleDay) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingCycle.Containing(new DateOnly(2026, 6, 1), cycleDay));

    [Fact]
    public void Containing_Instant_UsesTheLocalDate()
    {
        // 14 June 14:30Z is 15 June 00:30 in Sydney: already the new cycle there.
        var cycle = BillingCycle.Containing(Utc("2026-06-14 14:30"), Sydney, 15);

        Assert.Equal(new DateOnly(2026, 6, 15), cycle.Start);
        Assert.Equal(At(Sydney, "2026-06-15 00:00"), cycle.StartsAt(Sydney));
        Assert.Equal(At(Sydney, "2026-07-15 00:00"), cycle.EndsAt(Sydney));
    }

    [Fact]
    public void DaysElapsed_TodayIncluded_ClampedToTheCycle()
    {
        var cycle = BillingCycle.Containing(new DateOnly(2026, 6, 20), 15);

        Assert.Equal(1, cycle.DaysElapsed(new DateOnly(2026, 6, 15)));
        Assert.Equal(6, cycle.DaysElapsed(new DateOnly(2026, 6, 20)));
        Assert.Equal(30, cycle.DaysElapsed(new DateOnly(2026, 7, 14)));
        Assert.Equal(30, cycle.DaysElapsed(new DateOnly(2026, 8, 1)));
        Assert.Equal(0, cycle.DaysElapsed(new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void Cycle_OverATransition_CountsDatesNotHours()
    {
        // 1 April – 30 April 2026 in Sydney contains the 25-hour 5 April: still 30 days, 721 hours.
        var cycle = BillingCycle.Containing(new DateOnly(2026, 4, 10), 1);

        Assert.Equal(30, cycle.Days);
        Assert.Equal(TimeSpan.FromHours((30 * 24) + 1), cycle.EndsAt(Sydney) - cycle.StartsAt(Sydney));
    }

    private static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
