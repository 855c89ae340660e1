using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Billing.Tariffs;

namespace TeslaSync.Domain.UnitTests.Billing;

public sealed class DemandTariffValidatorTests
{
    [Fact]
    public void Validate_ThreeWindowsWithGapsAndAWindowOverMidnight_Valid()
    {
        Assert.Empty(DemandTariffValidator.Validate(ThreeWindows()));
        Assert.Empty(DemandTariffValidator.Validate(new DemandTariff()));
        Assert.Empty(DemandTariffValidator.Validate(new DemandTariff { Windows = [Window("Anytime", 1m, Times("00:00", "00:00"))], BillingCycleDay = 31 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Validate_CycleDayOutOf1To31(int day) =>
        Assert.Equal(
            [$"The billing-cycle day is {day}; it must be 1–31 (31 means the last day of shorter months)."],
            DemandTariffValidator.Validate(PeakOnly(day)));

    [Fact]
    public void Validate_NegativeAmounts_EachNamed()
    {
        var tariff = new DemandTariff
        {
            Windows = [Window("Peak", -0.5m, Times("16:00", "21:00"))],
            DailySupplyCharge = -1.1m,
            MonthlyFixedCharge = -19m,
        };

        Assert.Equal(
        [
            "The daily supply charge is negative (-1.1 $/day).",
            "The monthly fixed charge is negative (-19 $/month).",
            "Window 'Peak''s rate is negative (-0.5 $/kW per billing cycle).",
        ],
            DemandTariffValidator.Validate(tariff));
    }

    [Fact]
    public void Validate_OverlappingWindows_SaysWhereOnTheWeek()
    {
        var tariff = new DemandTariff
        {
            Windows =
            [
                Window("Peak", 10m, Times("16:00", "21:00", DaysOfWeek.Weekdays)),
                Window("Shoulder", 5m, Times("07:00", "17:00")),
            ],
        };

        Assert.Equal(
            ["Window 'Peak' and window 'Shoulder' overlap on Monday–Friday 16:00–17:00; a half-hour can be charged in one window only."],
            DemandTariffValidator.Validate(tariff));
    }

    [Fact]
    public void Validate_OverlapThroughAWindowOverMidnight_OnTheMorningItReaches()
    {
        // Friday night 22:00–07:00 runs into Saturday morning, which the weekend window also claims.
        var tariff = new DemandTariff
        {
            Windows =
            [
                Window("Night", 1m, Times("22:00", "07:00", DaysOfWeek.Weekdays)),
                Window("Weekend", 2m, Times("00:00", "00:00", DaysOfWeek.Weekend)),
            ],
        };

        Assert.Equal(
            ["Window 'Night' and window 'Weekend' overlap on Saturday 00:00–07:00; a half-hour can be charged in one window only."],
            DemandTariffValidator.Validate(tariff));
    }

    [Fact]
    public void Validate_BadTimes_OffTheHalfHourNoDaysAmbiguousNoTimes()
    {
        var tariff = new DemandTariff
        {
            Windows =
            [
                Window("Peak", 10m, Times("16:15", "21:00"), new WeeklyTimeWindow(LocalTimeWindow.Parse("07:00", "09:00"), DaysOfWeek.None)),
                Window("Shoulder", 5m, Times("12:00", "12:00")),
                Window("Off-peak", 1m),
            ],
        };

        Assert.Equal(
        [
            "Window 'Peak', time 1 (16:15–21:00) starts at 16:15, which is not on the half-hour; demand is measured in half-hour blocks of the local clock, so give :00 or :30.",
            "Window 'Peak', time 2 (07:00–09:00) applies on no days of the week.",
            "Window 'Shoulder', time 1 (12:00–12:00) starts and ends at 12:00, which is ambiguous; for the whole day give 00:00–00:00.",
            "Window 'Off-peak' has no times.",
        ],
            DemandTariffValidator.Validate(tariff));
    }

    [Fact]
    public void Validate_NamesMissingOrRepeated()
    {
        var tariff = new DemandTariff
        {
            Windows =
            [
                Window("Peak", 10m, Times("16:00", "17:00")),
                Window(" ", 10m, Times("17:00", "18:00")),
                Window("peak", 10m, Times("18:00", "19:00")),
                null!,
            ],
        };

        Assert.Equal(
        [
            "Window 2 has no name.",
            "The name 'peak' is used by more than one window; each needs its own.",
            "Window 4 is missing.",
        ],
            DemandTariffValidator.Validate(tariff));
    }

    [Fact]
    public void EnsureValid_ThrowsWithEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => DemandTariffValidator.EnsureValid(PeakOnly(40) with { DailySupplyCharge = -1m }));

        Assert.Contains("billing-cycle day is 40", error.Message, StringComparison.Ordinal);
        Assert.Contains("daily supply charge is negative", error.Message, StringComparison.Ordinal);
    }
}
