using System.Text.Json.Nodes;
using TeslaSync.Domain.Tariffs;
using TeslaSync.TestSupport;

namespace TeslaSync.Domain.UnitTests.Tariffs;

public sealed class TeslaTariffDocumentTests
{
    private static HalfHourTariff SampleTariff() => new(
        HalfHourSlot.All.Select(slot => new SlotRates(slot, 0.2400m + (slot.Index * 0.001m), slot.Index * 0.0005m)).ToArray(),
        "Australia/Sydney");

    [Fact]
    public void Write_Periods_Are48HalfHoursEveryDayEndingAtHour24()
    {
        var document = TeslaTariffDocument.Write(SampleTariff());

        var periods = document["seasons"]!["Summer"]!["tou_periods"]!.AsObject();
        Assert.Equal(48, periods.Count);
        var first = periods["PERIOD_00_00"]!["periods"]![0]!;
        Assert.Equal(0, (int)first["fromDayOfWeek"]!);
        Assert.Equal(6, (int)first["toDayOfWeek"]!);
        var last = periods["PERIOD_23_30"]!["periods"]![0]!;
        Assert.Equal(23, (int)last["fromHour"]!);
        Assert.Equal(30, (int)last["fromMinute"]!);
        Assert.Equal(24, (int)last["toHour"]!);
        Assert.Equal(0, (int)last["toMinute"]!);
    }

    [Fact]
    public void Write_KeepsTheAllSentinelsAndAnEmptySecondSeasonOnBothSides()
    {
        var document = TeslaTariffDocument.Write(SampleTariff());

        foreach (var side in new[] { document, document["sell_tariff"]!.AsObject() })
        {
            Assert.Equal(0, (int)side["energy_charges"]!["ALL"]!["rates"]!["ALL"]!);
            Assert.Empty(side["energy_charges"]!["Winter"]!.AsObject());
            Assert.Empty(side["seasons"]!["Winter"]!.AsObject());
            Assert.Equal(48, side["energy_charges"]!["Summer"]!["rates"]!.AsObject().Count);
        }
    }

    [Fact]
    public void Write_Rates_AreWrittenWithoutTrailingZeros()
    {
        var json = TeslaTariffDocument.Write(SampleTariff()).ToJsonString();

        Assert.Contains("\"PERIOD_00_00\":0.24,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("0.2400", json, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OurOwnDocument_RoundTripsEveryRate()
    {
        var tariff = SampleTariff();

        var parsed = TeslaTariffDocument.TryRead(JsonNode.Parse(TeslaTariffDocument.Write(tariff).ToJsonString())!.AsObject(), tariff.TimeZoneId);

        Assert.NotNull(parsed);
        Assert.Equal(0m, parsed.LargestDifference(tariff));
    }

    [Fact]
    public void TryRead_CapturedPowerSyncTariff_ReadsEveryBuyAndSellRate()
    {
        var fixture = JsonNode.Parse(SharedFolder.ReadFixture("tesla", "tariff_content_v2_sample_powersync_flowpower.json"))!;
        var document = fixture["response"]!["tariff_content_v2"]!.AsObject();

        var parsed = TeslaTariffDocument.TryRead(document, "Australia/Brisbane");

        Assert.NotNull(parsed);
        foreach (var slot in HalfHourSlot.All)
        {
            Assert.Equal((decimal)document["energy_charges"]!["Summer"]!["rates"]![slot.Name]!, parsed[slot].BuyPerKwh);
            Assert.Equal((decimal)document["sell_tariff"]!["energy_charges"]!["Summer"]!["rates"]![slot.Name]!, parsed[slot].SellPerKwh);
        }
    }

    [Fact]
    public void Write_TouPeriods_MatchTheCapturedTariffPeriodForPeriod()
    {
        var fixture = JsonNode.Parse(SharedFolder.ReadFixture("tesla", "tariff_content_v2_sample_powersync_flowpower.json"))!;
        var captured = fixture["response"]!["tariff_content_v2"]!["seasons"]!["Summer"]!["tou_periods"]!.AsObject();
        var ours = TeslaTariffDocument.Write(SampleTariff())["seasons"]!["Summer"]!["tou_periods"]!.AsObject();

        Assert.Equal(captured.Select(p => p.Key), ours.Select(p => p.Key));
        foreach (var (name, period) in captured)
        {
            // The capture omits zero-valued fields (Tesla's defaults); we write all six.
            var theirs = period!["periods"]![0]!.AsObject();
            var mine = ours[name]!["periods"]![0]!.AsObject();
            foreach (var field in new[] { "fromDayOfWeek", "toDayOfWeek", "fromHour", "fromMinute", "toHour", "toMinute" })
            {
                var expected = theirs[field] is { } value ? (int)value : field == "toDayOfWeek" ? 6 : 0;
                Assert.Equal(expected, (int)mine[field]!);
            }
        }
    }

    private static HalfHourTariff WithDemandAndCharges() => new(
        HalfHourSlot.All.Select(slot => new SlotRates(slot, 0.3m, 0.05m, slot.StartHour is >= 16 and < 21 ? 12.5m : 0m)).ToArray(),
        "Australia/Sydney",
        new FixedCharges(DailyCharge: 1.1m, MonthlyCharge: 15m));

    [Fact]
    public void Write_TopLevelKeys_KeepThePreviousOrderAndSellSideShape()
    {
        var document = TeslaTariffDocument.Write(SampleTariff());

        Assert.Equal(
            ["code", "name", "utility", "currency", "version", "daily_charges", "demand_charges", "energy_charges", "seasons", "sell_tariff"],
            document.Select(field => field.Key));
        Assert.Equal(
            ["name", "utility", "daily_charges", "demand_charges", "energy_charges", "seasons"],
            document["sell_tariff"]!.AsObject().Select(field => field.Key));
        Assert.Equal(["fromMonth", "toMonth", "fromDay", "toDay", "tou_periods"], document["seasons"]!["Summer"]!.AsObject().Select(field => field.Key));
    }

    [Fact]
    public void Write_NoDemandNoCharges_KeepsTheSentinelDemandShapeAndAnAmountlessDailyCharge()
    {
        var document = TeslaTariffDocument.Write(SampleTariff());

        foreach (var side in new[] { document, document["sell_tariff"]!.AsObject() })
        {
            Assert.Equal("""{"ALL":{"rates":{"ALL":0}},"Summer":{},"Winter":{}}""", side["demand_charges"]!.ToJsonString());
            Assert.Equal("""[{"name":"Charge"}]""", side["daily_charges"]!.ToJsonString());
        }

        Assert.False(document.ContainsKey("monthly_charges"));
    }

    [Fact]
    public void Write_DailyAndMonthlyCharges_AppearOnTheBuySideOnly()
    {
        var document = TeslaTariffDocument.Write(WithDemandAndCharges());

        Assert.Equal("""[{"name":"Charge","amount":1.1}]""", document["daily_charges"]!.ToJsonString());
        Assert.Equal(15m, (decimal)document["monthly_charges"]!);
        Assert.Equal("""[{"name":"Charge"}]""", document["sell_tariff"]!["daily_charges"]!.ToJsonString());
        Assert.False(document["sell_tariff"]!.AsObject().ContainsKey("monthly_charges"));
    }

    [Fact]
    public void Write_DemandCharges_AreRatesPerPeriodOnTheBuySide()
    {
        var document = TeslaTariffDocument.Write(WithDemandAndCharges());

        var demand = document["demand_charges"]!.AsObject();
        Assert.Equal(0m, (decimal)demand["ALL"]!["rates"]!["ALL"]!);
        Assert.Empty(demand["Winter"]!.AsObject());
        var rates = demand["Summer"]!["rates"]!.AsObject();
        Assert.Equal(48, rates.Count);
        Assert.Equal(12.5m, (decimal)rates["PERIOD_17_30"]!);
        Assert.Equal(0m, (decimal)rates["PERIOD_21_00"]!);
        Assert.Equal("""{"ALL":{"rates":{"ALL":0}},"Summer":{},"Winter":{}}""", document["sell_tariff"]!["demand_charges"]!.ToJsonString());
    }

    [Fact]
    public void TryRead_DocumentWithDemandAndCharges_RoundTripsThemToo()
    {
        var tariff = WithDemandAndCharges();

        var parsed = TeslaTariffDocument.TryRead(JsonNode.Parse(TeslaTariffDocument.Write(tariff).ToJsonString())!.AsObject(), tariff.TimeZoneId);

        Assert.NotNull(parsed);
        Assert.Equal(tariff.Rates, parsed.Rates);
        Assert.Equal(tariff.Charges, parsed.Charges);
    }

    [Fact]
    public void Write_ThroughTheModel_ParsesBackToTheSameModel()
    {
        var content = TeslaTariffDocument.ToContent(WithDemandAndCharges());

        Assert.Equal(content, TeslaTariffContent.Parse(TeslaTariffDocument.Write(WithDemandAndCharges())));
    }

    [Fact]
    public void TryRead_MultiSeasonTariffWithoutADate_IsNullBecauseTheRatesDependOnTheDate()
    {
        Assert.Null(TeslaTariffDocument.TryRead(TeslaCaptures.Load(TeslaCaptures.MultiSeason), "Australia/Sydney"));
    }

    [Theory]
    [InlineData("2025-07-15", 16, 21, 0.35, 0.2, 0.18, 0.08)]
    [InlineData("2025-01-15", 17, 20, 0.25, 0.12, 0.12, 0.05)]
    public void TryRead_MultiSeasonTariffOnADate_ReadsTheSeasonCoveringIt(string date, int peakFrom, int peakTo, double peakBuy, double offPeakBuy, double peakSell, double offPeakSell)
    {
        var parsed = TeslaTariffDocument.TryRead(
            TeslaCaptures.Load(TeslaCaptures.MultiSeason), "Australia/Sydney", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(parsed);
        foreach (var slot in HalfHourSlot.All)
        {
            var peak = slot.StartHour >= peakFrom && slot.StartHour < peakTo;
            Assert.Equal((decimal)(peak ? peakBuy : offPeakBuy), parsed[slot].BuyPerKwh);
            Assert.Equal((decimal)(peak ? peakSell : offPeakSell), parsed[slot].SellPerKwh);
        }
    }

    [Fact]
    public void TryRead_GlobirdPostedBody_ReadsEveryHalfHourFromItsAllSeason()
    {
        var document = TeslaCaptures.Load(TeslaCaptures.Globird);

        var parsed = TeslaTariffDocument.TryRead(document, "Australia/Sydney");

        Assert.NotNull(parsed);
        foreach (var slot in HalfHourSlot.All)
        {
            var name = $"{slot.StartHour:00}{slot.StartMinute:00}";
            Assert.Equal((decimal)document["energy_charges"]!["ALL"]!["rates"]![name]!, parsed[slot].BuyPerKwh);
            Assert.Equal((decimal)document["sell_tariff"]!["energy_charges"]!["ALL"]!["rates"]![name]!, parsed[slot].SellPerKwh);
        }

        Assert.Equal(new FixedCharges(1.1m, 0m), parsed.Charges);
    }

    [Fact]
    public void TryRead_WeekdayAndWeekendRates_NeedADateAndReadThatDaysRates()
    {
        var schedule = new CustomTouSchedule
        {
            Name = "Weekly",
            Seasons =
            [
                new CustomTouSeason
                {
                    Name = "Year",
                    Periods =
                    [
                        new CustomTouPeriod { Name = "Weekday", BuyPerKwh = 0.4m, SellPerKwh = 0.1m, Windows = [CustomTouWindow.On(0, 4, TimeSpan.Zero, TimeSpan.FromHours(24))] },
                        new CustomTouPeriod { Name = "Weekend", BuyPerKwh = 0.2m, SellPerKwh = 0.05m, Windows = [CustomTouWindow.On(5, 6, TimeSpan.Zero, TimeSpan.FromHours(24))] },
                    ],
                },
            ],
        };
        var document = CustomTouTariffBuilder.Build(schedule).Content!.ToJson();

        Assert.Null(TeslaTariffDocument.TryRead(document, "Australia/Sydney"));
        Assert.Equal(0.4m, TeslaTariffDocument.TryRead(document, "Australia/Sydney", new DateOnly(2025, 7, 4))![new HalfHourSlot(0)].BuyPerKwh);
        Assert.Equal(0.2m, TeslaTariffDocument.TryRead(document, "Australia/Sydney", new DateOnly(2025, 7, 5))![new HalfHourSlot(0)].BuyPerKwh);
    }

    [Fact]
    public void TryRead_NotATariff_IsNull()
    {
        Assert.Null(TeslaTariffDocument.TryRead(null, "Australia/Sydney"));
        Assert.Null(TeslaTariffDocument.TryRead(new JsonObject { ["seasons"] = "nope" }, "Australia/Sydney"));
        Assert.Null(TeslaTariffDocument.TryRead(new JsonObject(), "Australia/Sydney"));
    }

    [Fact]
    public void TryRead_SlotWithoutAPeriod_IsNull()
    {
        var document = TeslaTariffDocument.Write(SampleTariff());
        document["seasons"]!["Summer"]!["tou_periods"]!.AsObject().Remove("PERIOD_12_00");

        Assert.Null(TeslaTariffDocument.TryRead(document, "Australia/Sydney"));
    }
}
