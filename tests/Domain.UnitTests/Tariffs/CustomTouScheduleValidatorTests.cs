using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Tariffs.CustomSchedules;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class CustomTouScheduleValidatorTests
{
    private static IReadOnlyList<string> Validate(CustomTouSchedule schedule) => CustomTouScheduleValidator.Validate(schedule);

    private static CustomTouSchedule OnePeriod(CustomTouPeriod period) => Schedule(Season("Year", period));

    [Fact]
    public void Validate_TwoSeasonSchedule_HasNoProblems()
    {
        Assert.Empty(Validate(TwoSeasons()));
    }

    [Fact]
    public void Validate_FlatAllDayPeriod_HasNoProblems()
    {
        Assert.Empty(Validate(OnePeriod(Period("Flat", 0.3m, 0.05m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24))))));
    }

    [Fact]
    public void Validate_EndAtMidnightWrittenAs0000_CountsAsTheEndOfTheDay()
    {
        var schedule = OnePeriod(Period("Flat", 0.3m, 0.05m, CustomTouWindow.Daily(At(0), At(12)), CustomTouWindow.Daily(At(12), At(0))));

        Assert.Empty(Validate(schedule));
    }

    [Fact]
    public void Validate_TwoPeriodsOverlap_NamesBothPeriodsTheSeasonTheDaysAndTheTimes()
    {
        var schedule = Schedule(Season(
            "Summer",
            Period("Peak", 0.5m, 0.1m, CustomTouWindow.On(0, 4, At(15), At(21))),
            Period("Shoulder", 0.3m, 0.1m, CustomTouWindow.Daily(At(7), At(16)), CustomTouWindow.Daily(At(21), At(22))),
            Period("Off-peak", 0.2m, 0.1m, CustomTouWindow.Daily(At(22), At(7)), CustomTouWindow.On(5, 6, At(16), At(21)))));

        var problem = Assert.Single(Validate(schedule));

        Assert.Equal("Season 'Summer': periods 'Peak' and 'Shoulder' overlap on Monday–Friday 15:00–16:00.", problem);
    }

    [Fact]
    public void Validate_TimesNoPeriodCovers_NameTheSeasonDaysAndTimes()
    {
        var schedule = Schedule(Season(
            "Summer",
            Period("Peak", 0.5m, 0.1m, CustomTouWindow.On(0, 4, At(16), At(21))),
            Period("Rest", 0.2m, 0.1m, CustomTouWindow.On(0, 4, At(21), At(16)), CustomTouWindow.On(5, 6, At(7), At(23)))));

        var problems = Validate(schedule);

        Assert.Equal(
            [
                // Sunday has no overnight window, so Monday morning is uncovered; Friday's runs to
                // Saturday 16:00, so Saturday morning is covered.
                "Season 'Summer': no period covers Monday 00:00–16:00.",
                "Season 'Summer': no period covers Saturday–Sunday 23:00–24:00.",
                "Season 'Summer': no period covers Sunday 00:00–07:00.",
            ],
            problems);
    }

    [Fact]
    public void Validate_OvernightWindow_RunsIntoTheNextDayIncludingSundayIntoMonday()
    {
        var schedule = Schedule(Season(
            "Year",
            Period("Night", 0.2m, 0.1m, CustomTouWindow.On(6, 6, At(22), At(7))),
            Period("Rest", 0.3m, 0.1m,
                CustomTouWindow.On(0, 0, At(7), TimeSpan.FromHours(24)),
                CustomTouWindow.On(1, 5, At(0), TimeSpan.FromHours(24)),
                CustomTouWindow.On(6, 6, At(0), At(22)))));

        Assert.Empty(Validate(schedule));
    }

    [Fact]
    public void Validate_SeasonsOverlapAndLeaveDatesUncovered_NamesTheSeasonsAndDates()
    {
        var allDay = Period("Flat", 0.3m, 0.1m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24)));
        var schedule = Schedule(
            Season("Summer", allDay) with { FromMonth = 10, FromDay = 1, ToMonth = 3, ToDay = 31 },
            Season("Winter", allDay) with { FromMonth = 5, FromDay = 1, ToMonth = 10, ToDay = 31 });

        var problems = Validate(schedule);

        Assert.Equal(["Season 'Summer' and season 'Winter' both cover 1 Oct–31 Oct.", "No season covers 1 Apr–30 Apr."], problems);
    }

    [Fact]
    public void Validate_GapOverNewYear_IsOneRange()
    {
        var allDay = Period("Flat", 0.3m, 0.1m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24)));

        var problems = Validate(Schedule(Season("Most", allDay) with { FromMonth = 2, FromDay = 1, ToMonth = 11, ToDay = 30 }));

        Assert.Equal(["No season covers 1 Dec–31 Jan."], problems);
    }

    [Fact]
    public void Validate_SeasonEndingOn28February_Leaves29FebruaryUncovered()
    {
        var allDay = Period("Flat", 0.3m, 0.1m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24)));
        var schedule = Schedule(
            Season("Summer", allDay) with { FromMonth = 12, FromDay = 1, ToMonth = 2, ToDay = 28 },
            Season("Rest", allDay) with { FromMonth = 3, FromDay = 1, ToMonth = 11, ToDay = 30 });

        Assert.Equal(["No season covers 29 Feb."], Validate(schedule));
    }

    [Fact]
    public void Validate_ImpossibleSeasonDates_NameTheSeasonAndTheDate()
    {
        var allDay = Period("Flat", 0.3m, 0.1m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24)));

        var problems = Validate(Schedule(Season("Odd", allDay) with { FromMonth = 13, ToMonth = 4, ToDay = 31 }));

        Assert.Equal(["Season 'Odd' starts in month 13, which is not 1–12.", "Season 'Odd' ends on day 31 of April, which has no such day."], problems);
    }

    [Fact]
    public void Validate_NegativeRatesAndCharges_AreEachReported()
    {
        var schedule = OnePeriod(Period("Flat", -0.01m, -0.2m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24))) with { DemandPerKw = -1m })
            with { DailySupplyCharge = -1m, MonthlyCharge = -5m };

        var problems = Validate(schedule);

        Assert.Equal(
            [
                "The daily supply charge is negative (-1.00 $/day).",
                "The monthly charge is negative (-5.00 $/month).",
                "Period 'Flat' in season 'Year' has a negative buy rate (-0.01 $/kWh); Tesla does not accept negative prices.",
                "Period 'Flat' in season 'Year' has a negative sell rate (-0.2 $/kWh); Tesla does not accept negative prices.",
                "Period 'Flat' in season 'Year' has a negative demand rate (-1 $/kW); Tesla does not accept negative prices.",
            ],
            problems);
    }

    [Fact]
    public void Validate_TimeNotOnAWholeMinute_NamesThePeriodWindowAndTime()
    {
        var schedule = OnePeriod(Period("Flat", 0.3m, 0.1m, CustomTouWindow.Daily(new TimeSpan(7, 0, 30), new TimeSpan(7, 0, 30) + TimeSpan.FromHours(12)), CustomTouWindow.Daily(At(19), At(7))));

        var problems = Validate(schedule);

        Assert.Contains("Period 'Flat' in season 'Year', window 1: the start 07:00:30 is not on a whole minute; Tesla tariffs give times in hours and minutes.", problems);
        Assert.Contains("Period 'Flat' in season 'Year', window 1: the end 19:00:30 is not on a whole minute; Tesla tariffs give times in hours and minutes.", problems);
    }

    [Fact]
    public void Validate_OutOfRangeWeekdaysAndTimes_AreReported()
    {
        var schedule = OnePeriod(Period(
            "Flat",
            0.3m,
            0.1m,
            CustomTouWindow.On(-1, 7, TimeSpan.FromHours(24), TimeSpan.FromHours(25)),
            CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24))));

        var problems = Validate(schedule);

        Assert.Equal(
            [
                "Period 'Flat' in season 'Year', window 1: the first weekday is -1, which is not 0 (Monday) to 6 (Sunday).",
                "Period 'Flat' in season 'Year', window 1: the last weekday is 7, which is not 0 (Monday) to 6 (Sunday).",
                "Period 'Flat' in season 'Year', window 1: the start 24:00 is not between 00:00 and 23:59.",
                "Period 'Flat' in season 'Year', window 1: the end 25:00 is not between 00:00 and 24:00.",
            ],
            problems);
    }

    [Fact]
    public void Validate_WindowStartingAndEndingAtTheSameTime_IsAmbiguous()
    {
        var problems = Validate(OnePeriod(Period("Flat", 0.3m, 0.1m, CustomTouWindow.Daily(At(0), At(0)))));

        Assert.Contains("Period 'Flat' in season 'Year', window 1: starts and ends at 00:00, which is ambiguous; for the whole day give 00:00–24:00.", problems);
    }

    [Fact]
    public void Validate_EmptyAndDuplicateNames_AreReported()
    {
        var allDay = CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24));
        var schedule = new CustomTouSchedule
        {
            Name = " ",
            Seasons =
            [
                Season("Year", Period("Peak", 0.3m, 0.1m, allDay), Period("Peak", 0.3m, 0.1m), Period("", 0.3m, 0.1m)),
                Season("Year", Period("Flat", 0.3m, 0.1m, allDay)),
                Season("", Period("Flat", 0.3m, 0.1m, allDay)),
            ],
        };

        var problems = Validate(schedule);

        Assert.Contains("The schedule has no name.", problems);
        Assert.Contains("Season names: 'Year' is used by more than one season; each needs its own name.", problems);
        Assert.Contains("Season 3 has no name.", problems);
        Assert.Contains("Season 'Year': 'Peak' is used by more than one period; each needs its own name.", problems);
        Assert.Contains("Period 3 of season 'Year' has no name.", problems);
        Assert.Contains("Period 'Peak' in season 'Year' has no time windows.", problems);
        Assert.Contains("Period 3 in season 'Year' has no time windows.", problems);
    }

    [Fact]
    public void Validate_ReservedAllName_IsReported()
    {
        var problems = Validate(Schedule(Season("ALL", Period("ALL", 0.3m, 0.1m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24))))));

        Assert.Contains("Season names: 'ALL' is reserved in Tesla's format for rates that apply to every season; choose another name.", problems);
        Assert.Contains("Season 'ALL': 'ALL' is reserved in Tesla's format for rates that apply to every period; choose another name.", problems);
    }

    [Fact]
    public void Validate_NoSeasonsOrNoPeriods_IsReported()
    {
        Assert.Equal(["The schedule has no seasons."], Validate(Schedule()));
        Assert.Equal(["Season 'Year' has no periods."], Validate(Schedule(Season("Year"))));
    }

    [Fact]
    public void Validate_MissingEntries_AreReportedNotThrown()
    {
        var schedule = new CustomTouSchedule { Name = "X", Seasons = [null!, Season("Year", null!, Period("Flat", 0.3m, 0.1m, null!, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24))))] };

        var problems = Validate(schedule);

        Assert.Equal(["Season 1 is missing.", "Period 1 of season 'Year' is missing.", "Period 'Flat' in season 'Year', window 1 is missing."], problems);
    }
}
