using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Billing;

/// <summary>Demand tariffs for the tests.</summary>
internal static class Tariffs
{
    public static WeeklyTimeWindow Times(string start, string end, DaysOfWeek days = DaysOfWeek.All) =>
        new(LocalTimeWindow.Parse(start, end), days);

    public static DemandWindow Window(string name, decimal ratePerKw, params WeeklyTimeWindow[] times) =>
        new() { Name = name, RatePerKw = ratePerKw, Times = times };

    /// <summary>Weekday peak 16:00–21:00 only, $10/kW per cycle.</summary>
    public static DemandTariff PeakOnly(int cycleDay = 1) => new()
    {
        Windows = [Window("Peak", 10m, Times("16:00", "21:00", DaysOfWeek.Weekdays))],
        BillingCycleDay = cycleDay,
    };

    /// <summary>
    /// Peak weekdays 16:00–21:00 ($10), shoulder weekdays 07:00–16:00 and 21:00–22:00 ($5),
    /// off-peak every night 22:00–07:00 ($1); weekend days 07:00–22:00 are not charged.
    /// </summary>
    public static DemandTariff ThreeWindows() => new()
    {
        Windows =
        [
            Window("Peak", 10m, Times("16:00", "21:00", DaysOfWeek.Weekdays)),
            Window("Shoulder", 5m, Times("07:00", "16:00", DaysOfWeek.Weekdays), Times("21:00", "22:00", DaysOfWeek.Weekdays)),
            Window("Off-peak", 1m, Times("22:00", "07:00")),
        ],
    };
}
