using BenchmarkDotNet.Attributes;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Tariffs.Benchmarks;

/// <summary>
/// The custom TOU path the settings page takes on save: validate a retailer's two-season plan
/// with weekday and weekend peaks, build Tesla's document from it, and write that as JSON.
/// </summary>
public class CustomTouBenchmarks
{
    private CustomTouSchedule _schedule = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schedule = TwoSeasons();
        var result = CustomTouTariffBuilder.Build(_schedule);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The benchmark's schedule should be valid: " + string.Join(" ", result.Problems));
        }
    }

    [Benchmark(Description = "custom tou, validate")]
    public IReadOnlyList<string> Validate() => CustomTouScheduleValidator.Validate(_schedule);

    [Benchmark(Description = "custom tou, build (validates too)")]
    public CustomTouBuildResult Build() => CustomTouTariffBuilder.Build(_schedule);

    [Benchmark(Description = "custom tou, build + write json")]
    public string BuildAndWrite() => CustomTouTariffBuilder.Build(_schedule).Content!.ToJson().ToJsonString();

    /// <summary>
    /// Summer (Nov–Mar) weekday peak 15:00–21:00 with a demand charge and weekend peak at the same
    /// hours; winter (Apr–Oct) peaks 17:00–20:00; overnight off-peak 22:00–07:00 every day; shoulder
    /// for the rest (the plan the unit tests use).
    /// </summary>
    private static CustomTouSchedule TwoSeasons() => new()
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

    private static TimeSpan At(int hour) => new(hour, 0, 0);

    private static CustomTouPeriod Period(string name, decimal buy, decimal sell, params CustomTouWindow[] windows) =>
        new() { Name = name, BuyPerKwh = buy, SellPerKwh = sell, Windows = windows };
}
