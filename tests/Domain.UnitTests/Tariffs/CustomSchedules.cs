using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>Custom TOU schedules for tests.</summary>
internal static class CustomSchedules
{
    public static TimeSpan At(int hour, int minute = 0) => new(hour, minute, 0);

    public static CustomTouPeriod Period(string name, decimal buy, decimal sell, params CustomTouWindow[] windows) =>
        new() { Name = name, BuyPerKwh = buy, SellPerKwh = sell, Windows = windows };

    public static CustomTouSeason Season(string name, params CustomTouPeriod[] periods) => new() { Name = name, Periods = periods };

    public static CustomTouSchedule Schedule(params CustomTouSeason[] seasons) => new() { Name = "Test retailer TOU", Seasons = seasons };

    /// <summary>
    /// A two-season retailer tariff: summer (Nov–Mar) weekday peak 15:00–21:00 at $0.55 and weekend
    /// peak at the same hours at $0.40; winter (Apr–Oct) weekday peak 17:00–20:00 at $0.45 and
    /// weekend peak at the same hours at $0.35; overnight off-peak 22:00–07:00 every day; shoulder
    /// for the rest. Demand $12.5/kW in the summer weekday peak; $1.10/day supply, $10/month.
    /// </summary>
    public static CustomTouSchedule TwoSeasons() => new()
    {
        Name = "Retailer Flexi",
        Utility = "Some Retailer",
        Code = "RETAILER:FLEXI",
        DailySupplyCharge = 1.1m,
        MonthlyCharge = 10m,
        Seasons =
        [
            new CustomTouSeason
            {
                Name = "Summer",
                FromMonth = 11,
                FromDay = 1,
                ToMonth = 3,
                ToDay = 31,
                Periods =
                [
                    Period("Weekday peak", 0.55m, 0.12m, CustomTouWindow.On(0, 4, At(15), At(21))) with { DemandPerKw = 12.5m },
                    Period("Weekend peak", 0.40m, 0.10m, CustomTouWindow.On(5, 6, At(15), At(21))),
                    Period("Off-peak", 0.18m, 0.03m, CustomTouWindow.Daily(At(22), At(7))),
                    Period("Shoulder", 0.28m, 0.06m, CustomTouWindow.Daily(At(7), At(15)), CustomTouWindow.Daily(At(21), At(22))),
                ],
            },
            new CustomTouSeason
            {
                Name = "Winter",
                FromMonth = 4,
                FromDay = 1,
                ToMonth = 10,
                ToDay = 31,
                Periods =
                [
                    Period("Weekday peak", 0.45m, 0.09m, CustomTouWindow.On(0, 4, At(17), At(20))),
                    Period("Weekend peak", 0.35m, 0.08m, CustomTouWindow.On(5, 6, At(17), At(20))),
                    Period("Off-peak", 0.16m, 0.02m, CustomTouWindow.Daily(At(22), At(7))),
                    Period("Shoulder", 0.26m, 0.05m, CustomTouWindow.Daily(At(7), At(17)), CustomTouWindow.Daily(At(20), At(22))),
                ],
            },
        ],
    };
}
