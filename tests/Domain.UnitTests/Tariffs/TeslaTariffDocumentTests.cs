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
}
