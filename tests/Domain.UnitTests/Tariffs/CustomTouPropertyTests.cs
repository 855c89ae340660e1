using System.Text.Json.Nodes;
using CsCheck;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>
/// Properties of the custom TOU builder over generated valid schedules: one or two seasons, days
/// split into groups (every day / weekdays+weekend / weekdays+Saturday+Sunday) with their own cut
/// points, overnight segments, and periods reused across groups with their own rates.
/// </summary>
public sealed class CustomTouPropertyTests
{
    private const int Day = TouWindow.MinutesPerDay;

    private static readonly int[][][] DayGroupings =
    [
        [[0, 1, 2, 3, 4, 5, 6]],
        [[0, 1, 2, 3, 4], [5, 6]],
        [[0, 1, 2, 3, 4], [5], [6]],
    ];

    /// <summary>A minute of the day, often on the half-hour (as real tariffs are), sometimes anywhere.</summary>
    private static readonly Gen<int> GenMinute = Gen.Frequency((3, Gen.Int[0, 47].Select(h => h * 30)), (1, Gen.Int[0, Day - 1]));

    private static readonly Gen<decimal> GenRate = Gen.Int[0, 20000].Select(tenths => tenths / 10000m);

    private static readonly Gen<GeneratedSeason> GenSeasonShape =
        Gen.Select(
            GenMinute,
            Gen.Int[0, DayGroupings.Length - 1],
            Gen.Int[1, 4],
            (anchor, grouping, periods) => (anchor, grouping, periods))
        .SelectMany(shape => Gen.Select(
            GenMinute.Array[1, 5].Array[DayGroupings[shape.grouping].Length],
            Gen.Int[0, shape.periods - 1].Array[6 * DayGroupings[shape.grouping].Length],
            GenRate.Array[shape.periods],
            GenRate.Array[shape.periods],
            Gen.Frequency((3, Gen.Const((decimal?)null)), (1, GenRate.Select(rate => (decimal?)(rate * 100m)))).Array[shape.periods],
            (cuts, owners, buy, sell, demand) => Season(shape.anchor, DayGroupings[shape.grouping], cuts, owners, buy, sell, demand)));

    private static readonly Gen<GeneratedSchedule> GenSchedule =
        Gen.Select(Gen.Int[1, 11], GenSeasonShape, GenSeasonShape, Gen.Bool, (split, first, second, two) => two
            ? new GeneratedSchedule(
            [
                first with { Season = first.Season with { Name = "First", FromMonth = 1, FromDay = 1, ToMonth = split, ToDay = DateTime.DaysInMonth(2024, split) } },
                second with { Season = second.Season with { Name = "Second", FromMonth = split + 1, FromDay = 1, ToMonth = 12, ToDay = 31 } },
            ])
            : new GeneratedSchedule([first with { Season = first.Season with { Name = "Year" } }]));

    [Fact]
    public void Build_AnyValidSchedule_MapsEveryMinuteOfEveryDayToExactlyTheExpectedOnePeriodAndRate()
    {
        GenSchedule.Sample(
            generated =>
            {
                var schedule = generated.ToSchedule();
                Assert.Empty(CustomTouScheduleValidator.Validate(schedule));
                var tariff = TeslaTariffContent.Parse(JsonNode.Parse(CustomTouTariffBuilder.Build(schedule).Content!.ToJson().ToJsonString())!.AsObject());

                foreach (var season in generated.Seasons)
                {
                    var periods = tariff.Seasons![season.Season.Name].TouPeriods!;
                    for (var day = 0; day < 7; day++)
                    {
                        for (var minute = 0; minute < Day; minute++)
                        {
                            var covering = periods.Where(period => period.Value.Covers(day, minute)).Select(period => period.Key).ToList();
                            var expected = season.Season.Periods[season.Owner[(day * Day) + minute]];
                            Assert.True(covering.Count == 1 && covering[0] == expected.Name, $"{season.Season.Name} day {day} minute {minute}: {string.Join(",", covering)} (expected {expected.Name})");
                            if (minute % 30 == 0)
                            {
                                var at = new TeslaPeriodRef(season.Season.Name, covering[0]);
                                Assert.Equal(expected.BuyPerKwh, tariff.EnergyRate(at));
                                Assert.Equal(expected.SellPerKwh, tariff.SellTariff!.EnergyRate(at));
                                Assert.Equal(expected.DemandPerKw ?? 0m, tariff.DemandRate(at));
                            }
                        }
                    }
                }

                // Written windows never wrap: their meaning in Tesla's format is then not in doubt.
                Assert.All(
                    tariff.Seasons!.Values.SelectMany(season => season.TouPeriods?.Values ?? []).SelectMany(period => period.Windows),
                    window => Assert.True(window.FromDayOfWeek <= window.ToDayOfWeek && window.StartMinuteOfDay < window.EndMinuteOfDay));
            },
            iter: 150);
    }

    [Fact]
    public void BuildAndJson_AnyValidSchedule_RoundTrip()
    {
        GenSchedule.Sample(
            generated =>
            {
                var schedule = generated.ToSchedule();
                var again = CustomTouSchedule.FromJson(schedule.ToJson());
                Assert.Equal(schedule.ToJson(), again.ToJson());

                var built = CustomTouTariffBuilder.Build(schedule).Content!;
                Assert.Equal(built, CustomTouTariffBuilder.Build(again).Content);
                Assert.Equal(built, TeslaTariffContent.Parse(JsonNode.Parse(built.ToJson().ToJsonString())!.AsObject()));
            },
            iter: 150);
    }

    [Fact]
    public void Validate_AnyValidScheduleWithOneWindowMoved_ReportsAnOverlapAndAGap()
    {
        GenSchedule.Sample(
            generated =>
            {
                var schedule = generated.ToSchedule();
                var season = schedule.Seasons[0];
                var victim = season.Periods.FirstOrDefault(period => period.Windows.Any(Movable));
                if (victim is null)
                {
                    return;
                }

                // Shift one window a minute later: it now overlaps its successor and uncovers its first minute.
                var window = victim.Windows.First(Movable);
                var moved = window with { Start = window.Start + TimeSpan.FromMinutes(1), End = Next(window.End) };
                var broken = schedule with
                {
                    Seasons = [season with { Periods = season.Periods.Select(p => p == victim ? p with { Windows = p.Windows.Select(w => w == window ? moved : w).ToArray() } : p).ToArray() }, .. schedule.Seasons.Skip(1)],
                };

                var problems = CustomTouScheduleValidator.Validate(broken);
                Assert.Contains(problems, problem => problem.Contains("no period covers", StringComparison.Ordinal));

                // The minute the window used to end on belongs to the next segment; if that is another period, they now overlap.
                var oldEnd = ((window.FromWeekday * Day) + (int)window.Start.TotalMinutes + Length(window)) % (7 * Day);
                if (season.Periods[generated.Seasons[0].Owner[oldEnd]] != victim)
                {
                    Assert.Contains(problems, problem => problem.Contains("overlap on", StringComparison.Ordinal));
                }
            },
            iter: 150);

        // A window starting at 23:59 cannot start a minute later on the same day (24:00 is no
        // start), so moving it would test the start check instead of coverage.
        static bool Movable(CustomTouWindow window) => Length(window) >= 2 && window.Start < TimeSpan.FromMinutes(Day - 1);

        static int Length(CustomTouWindow window) => ((int)(window.End - window.Start).TotalMinutes + Day) % Day is var length && length == 0 ? Day : length;

        static TimeSpan Next(TimeSpan end) => end == TimeSpan.FromHours(24) ? TimeSpan.FromMinutes(1) : end + TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// A season whose day groups each split the day (from a shared anchor, so one day's last
    /// segment meets the next day's first) at their own cut points, each segment owned by a period.
    /// </summary>
    private static GeneratedSeason Season(int anchor, int[][] groups, int[][] cuts, int[] owners, decimal[] buy, decimal[] sell, decimal?[] demand)
    {
        var windows = Enumerable.Range(0, buy.Length).Select(_ => new List<CustomTouWindow>()).ToArray();
        var owner = new int[7 * Day];
        for (var g = 0; g < groups.Length; g++)
        {
            var points = cuts[g].Append(anchor).Distinct().Order().ToList();
            if (points.Count == 1)
            {
                points.Add((anchor + (Day / 2)) % Day);
                points.Sort();
            }

            // Segments from the anchor round the clock; once one has crossed midnight the rest
            // start on the next day (a day's cycle runs from its anchor to the next day's).
            var start = points.IndexOf(anchor);
            var elapsed = 0;
            for (var s = 0; s < points.Count; s++)
            {
                var from = points[(start + s) % points.Count];
                var to = points[(start + s + 1) % points.Count];
                var length = (to - from + Day) % Day;
                var period = owners[(g * 6) + s];
                foreach (var day in groups[g])
                {
                    var at = ((day * Day) + anchor + elapsed) % (7 * Day);
                    var startDay = at / Day;
                    windows[period].Add(CustomTouWindow.On(startDay, startDay, TimeSpan.FromMinutes(from), TimeSpan.FromMinutes(to)));
                    for (var m = 0; m < length; m++)
                    {
                        owner[(at + m) % (7 * Day)] = period;
                    }
                }

                elapsed += length;
            }
        }

        // Periods that got no segment are left out (a period needs a window); owners are re-indexed.
        var used = Enumerable.Range(0, buy.Length).Where(p => windows[p].Count > 0).ToArray();
        var periods = used.Select(p => new CustomTouPeriod
        {
            Name = $"P{p}",
            BuyPerKwh = buy[p],
            SellPerKwh = sell[p],
            DemandPerKw = demand[p],
            Windows = windows[p],
        }).ToArray();
        var index = used.Select((p, i) => (p, i)).ToDictionary(pair => pair.p, pair => pair.i);
        return new GeneratedSeason(new CustomTouSeason { Name = "S", Periods = periods }, owner.Select(p => index[p]).ToArray());
    }

    private sealed record GeneratedSeason(CustomTouSeason Season, int[] Owner);

    private sealed record GeneratedSchedule(IReadOnlyList<GeneratedSeason> Seasons)
    {
        public CustomTouSchedule ToSchedule() => new()
        {
            Name = "Generated",
            DailySupplyCharge = 1.05m,
            Seasons = Seasons.Select(season => season.Season).ToArray(),
        };

        public override string ToString() => ToSchedule().ToJson();
    }
}
