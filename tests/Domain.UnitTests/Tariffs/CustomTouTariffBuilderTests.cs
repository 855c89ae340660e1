using System.Globalization;
using System.Text.Json.Nodes;
using TeslaSync.Domain.Tariffs;
using static TeslaSync.Domain.UnitTests.Tariffs.CustomSchedules;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class CustomTouTariffBuilderTests
{
    private static TeslaTariffContent Build(CustomTouSchedule schedule)
    {
        var result = CustomTouTariffBuilder.Build(schedule);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        return result.Content!;
    }

    /// <summary>The document as Tesla would get it, parsed back: what the Powerwall would see.</summary>
    private static TeslaTariffContent Uploaded(CustomTouSchedule schedule) =>
        TeslaTariffContent.Parse(JsonNode.Parse(Build(schedule).ToJson().ToJsonString())!.AsObject());

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Build_WeekdayAndWeekendPeakAtTheSameClockTime_KeepsBothAsSeparatePeriodsWithTheirOwnRates()
    {
        // The bug this guards against: an earlier builder keyed periods by clock time, so the
        // weekend 16:00–21:00 replaced the weekday 16:00–21:00 (or the other way round).
        var schedule = Schedule(Season(
            "Year",
            Period("Weekday peak", 0.55m, 0.15m, CustomTouWindow.On(0, 4, At(16), At(21))),
            Period("Weekend peak", 0.35m, 0.10m, CustomTouWindow.On(5, 6, At(16), At(21))),
            Period("Off-peak", 0.20m, 0.05m, CustomTouWindow.Daily(At(21), At(16)))));

        var tariff = Uploaded(schedule);

        var periods = tariff.Seasons!["Year"].TouPeriods!;
        Assert.Equal(["Weekday peak", "Weekend peak", "Off-peak"], periods.Keys);
        Assert.Equal(TouWindow.Between(0, 4, 16 * 60, 21 * 60), Assert.Single(periods["Weekday peak"].Windows));
        Assert.Equal(TouWindow.Between(5, 6, 16 * 60, 21 * 60), Assert.Single(periods["Weekend peak"].Windows));
        var friday = tariff.PeriodAt(Date("2025-07-04"), 17 * 60)!;
        var saturday = tariff.PeriodAt(Date("2025-07-05"), 17 * 60)!;
        Assert.Equal("Weekday peak", friday.Period);
        Assert.Equal("Weekend peak", saturday.Period);
        Assert.Equal(0.55m, tariff.EnergyRate(friday));
        Assert.Equal(0.35m, tariff.EnergyRate(saturday));
        Assert.Equal(0.15m, tariff.SellTariff!.EnergyRate(friday));
        Assert.Equal(0.10m, tariff.SellTariff!.EnergyRate(saturday));
    }

    [Fact]
    public void Build_OvernightWindow_IsCutAtMidnightWithTheMorningOnTheNextDay()
    {
        var schedule = Schedule(Season(
            "Year",
            Period("Night", 0.2m, 0.05m, CustomTouWindow.On(4, 4, At(22), At(7))),
            Period("Rest", 0.3m, 0.08m,
                CustomTouWindow.On(0, 3, At(0), TimeSpan.FromHours(24)),
                CustomTouWindow.On(4, 4, At(0), At(22)),
                CustomTouWindow.On(5, 5, At(7), TimeSpan.FromHours(24)),
                CustomTouWindow.On(6, 6, At(0), TimeSpan.FromHours(24)))));

        var night = Uploaded(schedule).Seasons!["Year"].TouPeriods!["Night"].Windows;

        Assert.Equal([TouWindow.Between(4, 4, 22 * 60, 24 * 60), TouWindow.Between(5, 5, 0, 7 * 60)], night);
    }

    [Fact]
    public void Build_DailyOvernightWindow_CoversEveryEveningAndEveryMorning()
    {
        var tariff = Uploaded(TwoSeasons());

        var offPeak = tariff.Seasons!["Winter"].TouPeriods!["Off-peak"].Windows;

        Assert.Equal([TouWindow.Between(0, 6, 0, 7 * 60), TouWindow.Between(0, 6, 22 * 60, 24 * 60)], offPeak);
        var written = offPeak[1].ToJson();
        Assert.Equal(24, (int)written["toHour"]!);
        Assert.Equal(0, (int)written["toMinute"]!);
    }

    [Fact]
    public void Build_WeekendOvernightWindow_WrapsFromSundayNightToMondayMorningWithoutAWrappingDayRange()
    {
        // Saturday 00:00–24:00 for "Rest" collides with Saturday night: found, and named.
        var schedule = Schedule(Season(
            "Year",
            Period("Weekend night", 0.1m, 0.05m, CustomTouWindow.On(5, 6, At(23), At(6))),
            Period("Rest", 0.3m, 0.08m,
                CustomTouWindow.On(0, 0, At(6), TimeSpan.FromHours(24)),
                CustomTouWindow.On(1, 5, At(0), TimeSpan.FromHours(24)),
                CustomTouWindow.On(6, 6, At(6), At(23)))));
        Assert.Contains(
            "Season 'Year': periods 'Weekend night' and 'Rest' overlap on Saturday 23:00–24:00.",
            CustomTouTariffBuilder.Build(schedule).Problems);

        var valid = Schedule(Season(
            "Year",
            Period("Weekend night", 0.1m, 0.05m, CustomTouWindow.On(5, 6, At(23), At(6))),
            Period("Rest", 0.3m, 0.08m,
                CustomTouWindow.On(0, 0, At(6), TimeSpan.FromHours(24)),
                CustomTouWindow.On(1, 4, At(0), TimeSpan.FromHours(24)),
                CustomTouWindow.On(5, 5, At(0), At(23)),
                CustomTouWindow.On(6, 6, At(6), At(23)))));

        var windows = Uploaded(valid).Seasons!["Year"].TouPeriods!["Weekend night"].Windows;

        Assert.Equal(
            [TouWindow.Between(0, 0, 0, 6 * 60), TouWindow.Between(5, 6, 23 * 60, 24 * 60), TouWindow.Between(6, 6, 0, 6 * 60)],
            windows);
        Assert.All(windows, window => Assert.True(window.FromDayOfWeek <= window.ToDayOfWeek));
    }

    [Theory]
    [InlineData("2025-01-15", 16, "Summer", "Weekday peak", 0.55, 0.12, 12.5)]  // Wednesday
    [InlineData("2025-01-18", 16, "Summer", "Weekend peak", 0.40, 0.10, 0)]     // Saturday
    [InlineData("2025-11-01", 21, "Summer", "Shoulder", 0.28, 0.06, 0)]
    [InlineData("2025-03-31", 23, "Summer", "Off-peak", 0.18, 0.03, 0)]
    [InlineData("2025-07-16", 16, "Winter", "Shoulder", 0.26, 0.05, 0)]        // winter peak starts at 17:00
    [InlineData("2025-07-16", 18, "Winter", "Weekday peak", 0.45, 0.09, 0)]
    [InlineData("2025-07-19", 18, "Winter", "Weekend peak", 0.35, 0.08, 0)]
    [InlineData("2025-04-01", 3, "Winter", "Off-peak", 0.16, 0.02, 0)]
    public void Build_TwoSeasonSchedule_EveryDateAndTimeReadsItsSeasonsRates(string date, int hour, string season, string period, double buy, double sell, double demand)
    {
        var tariff = Uploaded(TwoSeasons());

        var found = tariff.PeriodAt(Date(date), hour * 60);

        Assert.Equal(new TeslaPeriodRef(season, period), found);
        Assert.Equal((decimal)buy, tariff.EnergyRate(found!));
        Assert.Equal((decimal)sell, tariff.SellTariff!.EnergyRate(found!));
        Assert.Equal((decimal)demand, tariff.DemandRate(found!));
    }

    [Fact]
    public void Build_TwoSeasonSchedule_ReadsAsHalfHourTariffsOnWeekdaysAndWeekends()
    {
        var document = Build(TwoSeasons()).ToJson();

        var summerWeekday = TeslaTariffDocument.TryRead(document, "Australia/Adelaide", Date("2025-01-15"))!;
        var summerWeekend = TeslaTariffDocument.TryRead(document, "Australia/Adelaide", Date("2025-01-19"))!;

        Assert.Equal(0.55m, summerWeekday[new HalfHourSlot(40)].BuyPerKwh);
        Assert.Equal(12.5m, summerWeekday[new HalfHourSlot(40)].DemandPerKw);
        Assert.Equal(0.40m, summerWeekend[new HalfHourSlot(40)].BuyPerKwh);
        Assert.Equal(new FixedCharges(1.1m, 10m), summerWeekday.Charges);
    }

    [Fact]
    public void Build_DemandAndFixedCharges_AppearInTheJsonOnTheBuySide()
    {
        var json = Build(TwoSeasons()).ToJson();

        Assert.Equal("""[{"name":"Charge","amount":1.1}]""", json["daily_charges"]!.ToJsonString());
        Assert.Equal(10m, (decimal)json["monthly_charges"]!);
        var demand = json["demand_charges"]!.AsObject();
        Assert.Equal(0m, (decimal)demand["ALL"]!["rates"]!["ALL"]!);
        Assert.Equal(12.5m, (decimal)demand["Summer"]!["rates"]!["Weekday peak"]!);
        Assert.Equal(0m, (decimal)demand["Summer"]!["rates"]!["Weekend peak"]!);
        Assert.Equal(0m, (decimal)demand["Winter"]!["rates"]!["Weekday peak"]!);

        var sell = json["sell_tariff"]!.AsObject();
        Assert.Equal("""[{"name":"Charge"}]""", sell["daily_charges"]!.ToJsonString());
        Assert.False(sell.ContainsKey("monthly_charges"));
        Assert.Equal("""{"ALL":{"rates":{"ALL":0}},"Summer":{},"Winter":{}}""", sell["demand_charges"]!.ToJsonString());
    }

    [Fact]
    public void Build_NoDemandNoCharges_KeepsTheAmberDocumentsShape()
    {
        var json = Build(Schedule(Season("Year", Period("Flat", 0.3m, 0.05m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24)))))).ToJson();

        Assert.Equal("""{"ALL":{"rates":{"ALL":0}},"Year":{},"Winter":{}}""", json["demand_charges"]!.ToJsonString());
        Assert.Equal("""{"ALL":{"rates":{"ALL":0}},"Year":{"rates":{"Flat":0.3}},"Winter":{}}""", json["energy_charges"]!.ToJsonString());
        Assert.Equal("""[{"name":"Charge"}]""", json["daily_charges"]!.ToJsonString());
        Assert.False(json.ContainsKey("monthly_charges"));
        Assert.Empty(json["seasons"]!["Winter"]!.AsObject());
        Assert.Equal(
            """{"fromMonth":1,"toMonth":12,"fromDay":1,"toDay":31,"tou_periods":{"Flat":{"periods":[{"fromDayOfWeek":0,"toDayOfWeek":6,"fromHour":0,"fromMinute":0,"toHour":24,"toMinute":0}]}}}""",
            json["seasons"]!["Year"]!.ToJsonString());
        Assert.Equal(["code", "name", "utility", "currency", "version", "daily_charges", "demand_charges", "energy_charges", "seasons", "sell_tariff"], json.Select(field => field.Key));
        Assert.Equal(CustomTouTariffBuilder.DefaultCode, (string)json["code"]!);
        Assert.Equal("Test retailer TOU", (string)json["utility"]!);
        Assert.Equal("AUD", (string)json["currency"]!);
    }

    [Fact]
    public void Build_OneSeasonCalledWinter_PadsWithAnEmptySummer()
    {
        var json = Build(Schedule(Season("Winter", Period("Flat", 0.3m, 0.05m, CustomTouWindow.Daily(At(0), TimeSpan.FromHours(24)))))).ToJson();

        Assert.Equal(["Winter", "Summer"], json["seasons"]!.AsObject().Select(season => season.Key));
        Assert.Empty(json["seasons"]!["Summer"]!.AsObject());
    }

    [Fact]
    public void Build_TwoSeasons_AddsNoPaddingSeason()
    {
        var json = Build(TwoSeasons()).ToJson();

        Assert.Equal(["Summer", "Winter"], json["seasons"]!.AsObject().Select(season => season.Key));
        Assert.Equal(["ALL", "Summer", "Winter"], json["energy_charges"]!.AsObject().Select(season => season.Key));
        Assert.Equal("RETAILER:FLEXI", (string)json["code"]!);
        Assert.Equal("Some Retailer", (string)json["utility"]!);
    }

    [Fact]
    public void Build_SellSide_HasTheSameSeasonsAndPeriodsWithSellRates()
    {
        var tariff = Build(TwoSeasons());

        Assert.Equal(tariff.Seasons, tariff.SellTariff!.Seasons);
        Assert.Equal(0.12m, tariff.SellTariff.EnergyCharges!.RateFor("Summer", "Weekday peak"));
    }

    [Fact]
    public void Build_InvalidSchedule_IsRefusedWithEveryProblem()
    {
        var schedule = Schedule(Season("Year", Period("Peak", -1m, 0.1m, CustomTouWindow.Daily(At(16), At(21)))));

        var result = CustomTouTariffBuilder.Build(schedule);

        Assert.False(result.Succeeded);
        Assert.Null(result.Content);
        Assert.Equal(
            [
                "Period 'Peak' in season 'Year' has a negative buy rate (-1 $/kWh); Tesla does not accept negative prices.",
                "Season 'Year': no period covers Monday–Sunday 00:00–16:00.",
                "Season 'Year': no period covers Monday–Sunday 21:00–24:00.",
            ],
            result.Problems);
    }

    [Fact]
    public void Build_ParseWriteParse_GivesAnEqualModel()
    {
        var built = Build(TwoSeasons());

        Assert.Equal(built, TeslaTariffContent.Parse(built.ToJson()));
    }
}
