using System.Text.Json.Nodes;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class TeslaTariffContentTests
{
    private static readonly string[] WindowFields = ["fromDayOfWeek", "toDayOfWeek", "fromHour", "fromMinute", "toHour", "toMinute"];

    [Theory]
    [MemberData(nameof(TeslaCaptures.All), MemberType = typeof(TeslaCaptures))]
    public void Parse_Capture_ReadsEveryRatePeriodAndWindow(string capture)
    {
        var json = TeslaCaptures.Load(capture);

        var content = TeslaTariffContent.Parse(json);

        AssertSideMatches(content, json, "");
        Assert.NotNull(content.SellTariff);
    }

    [Theory]
    [MemberData(nameof(TeslaCaptures.All), MemberType = typeof(TeslaCaptures))]
    public void ParseWriteParse_Capture_GivesAnEqualModel(string capture)
    {
        var first = TeslaTariffContent.Parse(TeslaCaptures.Load(capture));

        var second = TeslaTariffContent.Parse(JsonNode.Parse(first.ToJson().ToJsonString())!.AsObject());

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(TeslaCaptures.All), MemberType = typeof(TeslaCaptures))]
    public void ToJson_Capture_DiffersFromTheOriginalOnlyByExplicitDefaultsAndKeyOrder(string capture)
    {
        var original = TeslaCaptures.Load(capture);

        var written = TeslaTariffContent.Parse(original).ToJson();

        Assert.True(
            JsonNode.DeepEquals(WithDefaultWindowFields(original.DeepClone()), written),
            $"Written:\n{written.ToJsonString()}");
    }

    [Fact]
    public void ToJson_PowerSyncCapture_KeepsEmptySeasonsAndTheAllSentinels()
    {
        var written = TeslaTariffContent.Parse(TeslaCaptures.Load(TeslaCaptures.PowerSync)).ToJson();

        Assert.Empty(written["seasons"]!["Winter"]!.AsObject());
        Assert.Empty(written["energy_charges"]!["Winter"]!.AsObject());
        Assert.Empty(written["demand_charges"]!["Summer"]!.AsObject());
        Assert.Empty(written["demand_charges"]!["Winter"]!.AsObject());
        Assert.Equal(0m, (decimal)written["energy_charges"]!["ALL"]!["rates"]!["ALL"]!);
        Assert.Equal(0m, (decimal)written["demand_charges"]!["ALL"]!["rates"]!["ALL"]!);
        Assert.Equal(0m, (decimal)written["sell_tariff"]!["energy_charges"]!["ALL"]!["rates"]!["ALL"]!);
    }

    [Fact]
    public void Parse_EmptySeason_IsEmptyAndCoversNoDate()
    {
        var content = TeslaTariffContent.Parse(TeslaCaptures.Load(TeslaCaptures.PowerSync));

        var winter = content.Seasons!["Winter"];

        Assert.True(winter.IsEmpty);
        Assert.False(winter.Covers(new DateOnly(2025, 7, 1)));
        Assert.Equal("Summer", content.SeasonCovering(new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void ParseToJson_UnknownKeysAtEveryLevel_AreKept()
    {
        var json = JsonNode.Parse("""
            {
              "code": "X", "future_top": {"a": [1, 2]}, "nothing": null, "name": null,
              "daily_charges": [{"name": "Charge", "amount": 1.1, "tax": "GST"}],
              "energy_charges": {"ALL": {"rates": {"ALL": 0}, "note": "sentinel"}, "S": {"rates": {"P": 0.3}}},
              "seasons": {"S": {"fromMonth": 1, "toMonth": 12, "colour": "red",
                "tou_periods": {"P": {"periods": [{"toDayOfWeek": 6, "label": "all day"}], "display": "Peak"}}}},
              "sell_tariff": {"energy_charges": {"S": {"rates": {"P": 0.1}}}, "sell_extra": true}
            }
            """)!.AsObject();

        var content = TeslaTariffContent.Parse(json);
        var written = content.ToJson();

        Assert.Equal("{\"a\":[1,2]}", written["future_top"]!.ToJsonString());
        Assert.True(written.ContainsKey("nothing"));
        Assert.True(written.ContainsKey("name"));
        Assert.Null(content.Name);
        Assert.Equal("GST", (string)written["daily_charges"]![0]!["tax"]!);
        Assert.Equal("sentinel", (string)written["energy_charges"]!["ALL"]!["note"]!);
        Assert.Equal("red", (string)written["seasons"]!["S"]!["colour"]!);
        Assert.Equal("Peak", (string)written["seasons"]!["S"]!["tou_periods"]!["P"]!["display"]!);
        Assert.Equal("all day", (string)written["seasons"]!["S"]!["tou_periods"]!["P"]!["periods"]![0]!["label"]!);
        Assert.True((bool)written["sell_tariff"]!["sell_extra"]!);
        Assert.Equal(content, TeslaTariffContent.Parse(written));
    }

    [Fact]
    public void Equals_DifferentUnknownValue_IsNotEqual()
    {
        var a = TeslaTariffContent.Parse(JsonNode.Parse("""{"x": {"y": 1}}""")!.AsObject());
        var b = TeslaTariffContent.Parse(JsonNode.Parse("""{"x": {"y": 2}}""")!.AsObject());

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Parse_RateThatIsNotANumber_ThrowsNamingThePath()
    {
        var json = JsonNode.Parse("""{"sell_tariff": {"energy_charges": {"Summer": {"rates": {"PEAK": "0.3"}}}}}""")!.AsObject();

        var error = Assert.Throws<FormatException>(() => TeslaTariffContent.Parse(json));

        Assert.Contains("sell_tariff.energy_charges.Summer.rates.PEAK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WindowHourThatIsNotWhole_ThrowsNamingThePath()
    {
        var json = JsonNode.Parse("""{"seasons": {"S": {"tou_periods": {"P": {"periods": [{}, {"fromHour": 1.5}]}}}}}""")!.AsObject();

        var error = Assert.Throws<FormatException>(() => TeslaTariffContent.Parse(json));

        Assert.Contains("seasons.S.tou_periods.P.periods[1].fromHour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_IsFalseWithAReason()
    {
        Assert.False(TeslaTariffContent.TryParse(null, out var content, out var error));
        Assert.Null(content);
        Assert.NotNull(error);
    }

    [Fact]
    public void TouWindow_OmittedFields_TakeTeslasDefaultsAndCoverTheWholeWeek()
    {
        var window = TouWindow.Parse(new JsonObject());

        Assert.Equal((0, 6, 0, 0, 0, 0), (window.FromDayOfWeek, window.ToDayOfWeek, window.FromHour, window.FromMinute, window.ToHour, window.ToMinute));
        Assert.True(window.Covers(0, 0));
        Assert.True(window.Covers(6, 1439));
    }

    [Theory]
    [InlineData(0, 22 * 60, true)]
    [InlineData(3, 3 * 60, true)]
    [InlineData(3, (15 * 60) + 59, true)]
    [InlineData(3, 16 * 60, false)]
    [InlineData(3, 20 * 60 + 59, false)]
    [InlineData(6, 21 * 60, true)]
    public void TouWindow_EndBeforeStart_RunsPastMidnight(int day, int minute, bool covered)
    {
        var window = TouWindow.Parse(JsonNode.Parse("""{"fromDayOfWeek": 0, "toDayOfWeek": 6, "fromHour": 21, "toHour": 16}""")!.AsObject());

        Assert.Equal(covered, window.Covers(day, minute));
    }

    [Fact]
    public void TouWindow_EndAtHour24OrMidnight_EndsTheDay()
    {
        var hour24 = TouWindow.Parse(JsonNode.Parse("""{"fromHour": 23, "fromMinute": 30, "toHour": 24}""")!.AsObject());
        var midnight = TouWindow.Parse(JsonNode.Parse("""{"fromHour": 23, "fromMinute": 30, "toHour": 0, "toMinute": 0}""")!.AsObject());

        foreach (var window in new[] { hour24, midnight })
        {
            Assert.True(window.Covers(2, (23 * 60) + 45));
            Assert.False(window.Covers(2, 15));
            Assert.False(window.Covers(2, (23 * 60) + 29));
        }
    }

    [Fact]
    public void TouWindow_DaysWrappingPastSunday_CoverSaturdayToMonday()
    {
        var window = TouWindow.Between(5, 0, 0, 60);

        Assert.Equal([true, false, false, false, false, true, true], Enumerable.Range(0, 7).Select(window.IncludesDay));
    }

    [Theory]
    [InlineData("2025-07-15", 17 * 60, "Summer", "PEAK", 0.35, 0.18)]
    [InlineData("2025-07-15", 21 * 60, "Summer", "OFF_PEAK", 0.2, 0.08)]
    [InlineData("2025-04-01", 16 * 60, "Summer", "PEAK", 0.35, 0.18)]
    [InlineData("2025-09-30", (15 * 60) + 59, "Summer", "OFF_PEAK", 0.2, 0.08)]
    [InlineData("2025-01-15", 18 * 60, "Winter", "PEAK", 0.25, 0.12)]
    [InlineData("2025-01-15", 16 * 60 + 30, "Winter", "OFF_PEAK", 0.12, 0.05)]
    [InlineData("2025-03-31", 17 * 60, "Winter", "PEAK", 0.25, 0.12)]
    [InlineData("2025-10-01", 3 * 60, "Winter", "OFF_PEAK", 0.12, 0.05)]
    public void PeriodAt_MultiSeasonCapture_FindsTheSeasonAndPeriodAndTheirRates(string date, int minute, string season, string period, double buy, double sell)
    {
        var content = TeslaTariffContent.Parse(TeslaCaptures.Load(TeslaCaptures.MultiSeason));

        var found = content.PeriodAt(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), minute);

        Assert.Equal(new TeslaPeriodRef(season, period), found);
        Assert.Equal((decimal)buy, content.EnergyRate(found!));
        Assert.Equal((decimal)sell, content.SellTariff!.EnergyRate(found!));
        Assert.Equal(0m, content.DemandRate(found!));
    }

    [Fact]
    public void RateFor_MissingSeasonOrPeriod_FallsBackToAllInOrder()
    {
        var table = TeslaTariffContent.Parse(JsonNode.Parse("""
            {"energy_charges": {
              "ALL": {"rates": {"ALL": 0.01, "SHOULDER": 0.02}},
              "Summer": {"rates": {"PEAK": 0.5, "ALL": 0.3}},
              "Winter": {}
            }}
            """)!.AsObject()).EnergyCharges!;

        Assert.Equal(0.5m, table.RateFor("Summer", "PEAK"));
        Assert.Equal(0.3m, table.RateFor("Summer", "SHOULDER"));
        Assert.Equal(0.02m, table.RateFor("Winter", "SHOULDER"));
        Assert.Equal(0.01m, table.RateFor("Winter", "PEAK"));
        Assert.Equal(0.01m, table.RateFor("Autumn", "OFF_PEAK"));
    }

    [Fact]
    public void RateFor_NoRateAnywhere_IsNull()
    {
        var table = TeslaTariffContent.Parse(JsonNode.Parse("""{"energy_charges": {"ALL": {"rates": {}}, "S": {"rates": {"P": 1}}}}""")!.AsObject()).EnergyCharges!;

        Assert.Null(table.RateFor("S", "Q"));
    }

    [Fact]
    public void Parse_GlobirdBody_ReadsTheOptionalChargesAndKeepsDailyDemandCharges()
    {
        var content = TeslaTariffContent.Parse(TeslaCaptures.Load(TeslaCaptures.Globird));

        Assert.Equal(1.1m, content.DailyChargeTotal);
        Assert.Equal(0m, content.MonthlyCharges);
        Assert.Equal(0m, content.MonthlyMinimumBill);
        Assert.Equal("USD", content.Currency);
        Assert.Equal("{}", content.Unknown["daily_demand_charges"]!.ToJsonString());
        Assert.Equal(4.0m, content.EnergyRate(content.PeriodAt(new DateOnly(2025, 6, 29), 18 * 60)!));
    }

    /// <summary>Checks a side of the model against values read straight from the JSON, recursing into the sell side.</summary>
    private static void AssertSideMatches(TeslaTariffContent side, JsonObject json, string path)
    {
        Assert.Equal((string?)json["code"], side.Code);
        Assert.Equal((string?)json["name"], side.Name);
        Assert.Equal((string?)json["utility"], side.Utility);
        Assert.Equal((string?)json["currency"], side.Currency);
        Assert.Equal((int?)json["version"], side.Version);
        Assert.Equal((decimal?)json["monthly_charges"], side.MonthlyCharges);
        Assert.Equal((decimal?)json["monthly_minimum_bill"], side.MonthlyMinimumBill);
        Assert.Equal((decimal?)json["min_applicable_demand"], side.MinApplicableDemand);
        Assert.Equal((decimal?)json["max_applicable_demand"], side.MaxApplicableDemand);

        if (json["daily_charges"] is JsonArray charges)
        {
            Assert.Equal(charges.Count, side.DailyCharges!.Count);
            for (var i = 0; i < charges.Count; i++)
            {
                Assert.Equal((string?)charges[i]!["name"], side.DailyCharges[i].Name);
                Assert.Equal((decimal?)charges[i]!["amount"], side.DailyCharges[i].Amount);
            }
        }
        else
        {
            Assert.Null(side.DailyCharges);
        }

        AssertTableMatches(side.EnergyCharges, json["energy_charges"] as JsonObject, $"{path}energy_charges");
        AssertTableMatches(side.DemandCharges, json["demand_charges"] as JsonObject, $"{path}demand_charges");

        var seasons = json["seasons"]!.AsObject();
        Assert.Equal(seasons.Select(s => s.Key), side.Seasons!.Keys);
        foreach (var (seasonName, seasonNode) in seasons)
        {
            var season = side.Seasons[seasonName];
            var seasonJson = seasonNode!.AsObject();
            Assert.Equal(seasonJson.Count == 0, season.IsEmpty);
            Assert.Equal((int?)seasonJson["fromMonth"], season.FromMonth);
            Assert.Equal((int?)seasonJson["fromDay"], season.FromDay);
            Assert.Equal((int?)seasonJson["toMonth"], season.ToMonth);
            Assert.Equal((int?)seasonJson["toDay"], season.ToDay);
            if (seasonJson["tou_periods"] is not JsonObject periods)
            {
                Assert.Null(season.TouPeriods);
                continue;
            }

            Assert.Equal(periods.Select(p => p.Key), season.TouPeriods!.Keys);
            foreach (var (periodName, periodNode) in periods)
            {
                var windowsJson = periodNode!["periods"]!.AsArray();
                var windows = season.TouPeriods[periodName].Windows;
                Assert.Equal(windowsJson.Count, windows.Count);
                for (var w = 0; w < windowsJson.Count; w++)
                {
                    var written = windows[w].ToJson();
                    foreach (var field in WindowFields)
                    {
                        var expected = windowsJson[w]![field] is { } value ? (int)value : field == "toDayOfWeek" ? 6 : 0;
                        Assert.Equal(expected, (int)written[field]!);
                    }
                }

                // The period's rate through the model's lookup is the one the JSON gives it (or its fallback).
                var energy = json["energy_charges"]!.AsObject();
                var expectedRate = (decimal?)energy[seasonName]?["rates"]?[periodName]
                    ?? (decimal?)energy[seasonName]?["rates"]?["ALL"]
                    ?? (decimal?)energy["ALL"]?["rates"]?[periodName]
                    ?? (decimal?)energy["ALL"]?["rates"]?["ALL"];
                Assert.Equal(expectedRate, side.EnergyRate(new TeslaPeriodRef(seasonName, periodName)));
            }
        }

        if (json["sell_tariff"] is JsonObject sell)
        {
            AssertSideMatches(side.SellTariff!, sell, "sell_tariff.");
        }
        else
        {
            Assert.Null(side.SellTariff);
        }
    }

    private static void AssertTableMatches(TeslaChargeTable? table, JsonObject? json, string path)
    {
        if (json is null)
        {
            Assert.Null(table);
            return;
        }

        Assert.NotNull(table);
        Assert.Equal(json.Select(s => s.Key), table.Seasons.Keys);
        foreach (var (season, node) in json)
        {
            var rates = node!["rates"] as JsonObject;
            var model = table.Seasons[season].Rates;
            if (rates is null)
            {
                Assert.Null(model);
                continue;
            }

            Assert.Equal(rates.Count, model!.Count);
            foreach (var (period, value) in rates)
            {
                Assert.True((decimal)value! == model[period], $"{path}.{season}.rates.{period}: {value} vs {model[period]}");
            }
        }
    }

    /// <summary>The JSON as the model writes it: every window with all six fields.</summary>
    private static JsonNode WithDefaultWindowFields(JsonNode node)
    {
        foreach (var side in new[] { node, node["sell_tariff"] }.OfType<JsonObject>())
        {
            foreach (var (_, season) in side["seasons"]!.AsObject())
            {
                foreach (var (_, period) in season!["tou_periods"]?.AsObject() ?? [])
                {
                    foreach (var window in period!["periods"]!.AsArray().OfType<JsonObject>())
                    {
                        foreach (var field in WindowFields)
                        {
                            window[field] ??= field == "toDayOfWeek" ? 6 : 0;
                        }
                    }
                }
            }
        }

        return node;
    }
}
