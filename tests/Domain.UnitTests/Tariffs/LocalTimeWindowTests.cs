using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class LocalTimeWindowTests
{
    [Theory]
    [InlineData("17:00", "21:00", "16:59", false)]
    [InlineData("17:00", "21:00", "17:00", true)]
    [InlineData("17:00", "21:00", "20:59", true)]
    [InlineData("17:00", "21:00", "21:00", false)]
    [InlineData("22:00", "06:00", "21:59", false)]
    [InlineData("22:00", "06:00", "22:00", true)]
    [InlineData("22:00", "06:00", "23:59", true)]
    [InlineData("22:00", "06:00", "00:00", true)]
    [InlineData("22:00", "06:00", "05:59", true)]
    [InlineData("22:00", "06:00", "06:00", false)]
    [InlineData("00:00", "00:00", "13:37", true)]
    public void Contains_StartInclusiveEndExclusiveAcrossMidnight(string start, string end, string time, bool expected)
    {
        var window = LocalTimeWindow.Parse(start, end);

        Assert.Equal(expected, window.Contains(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Contains_Slot_IsJudgedOnTheSlotStart()
    {
        var window = LocalTimeWindow.Parse("17:15", "19:45");

        Assert.False(window.Contains(new HalfHourSlot(34))); // 17:00
        Assert.True(window.Contains(new HalfHourSlot(35)));  // 17:30
        Assert.True(window.Contains(new HalfHourSlot(39)));  // 19:30
        Assert.False(window.Contains(new HalfHourSlot(40))); // 20:00
    }

    [Fact]
    public void WeeklyWindow_AcrossMidnight_BelongsToTheDayItOpens()
    {
        var fridayNights = new WeeklyTimeWindow(LocalTimeWindow.Parse("22:00", "02:00"), DaysOfWeek.Friday);
        var friday = new DateOnly(2025, 6, 13);

        Assert.True(fridayNights.Contains(new LocalHalfHour(friday, new HalfHourSlot(44))));                // Fri 22:00
        Assert.True(fridayNights.Contains(new LocalHalfHour(friday.AddDays(1), new HalfHourSlot(2))));      // Sat 01:00
        Assert.False(fridayNights.Contains(new LocalHalfHour(friday, new HalfHourSlot(2))));                // Fri 01:00 is Thursday night's
        Assert.False(fridayNights.Contains(new LocalHalfHour(friday.AddDays(1), new HalfHourSlot(44))));    // Sat 22:00
    }

    [Fact]
    public void WeeklyWindow_Weekdays_ExcludesTheWeekend()
    {
        var peak = new WeeklyTimeWindow(LocalTimeWindow.Parse("16:00", "21:00"), DaysOfWeek.Weekdays);

        Assert.True(peak.Contains(new LocalHalfHour(new DateOnly(2025, 6, 16), new HalfHourSlot(34))));  // Monday 17:00
        Assert.False(peak.Contains(new LocalHalfHour(new DateOnly(2025, 6, 15), new HalfHourSlot(34)))); // Sunday 17:00
    }
}
