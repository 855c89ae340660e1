using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>Names that appear in the uploaded tariff and in the Tesla app.</summary>
public sealed record TariffLabels(string Code = "TESLASYNC:AMBER", string Name = "Amber (TeslaSync)", string Utility = "Amber Electric");

/// <summary>
/// Writes a <see cref="HalfHourTariff"/> as Tesla's <c>tariff_content_v2</c> and reads one back.
/// </summary>
/// <remarks>
/// The shape follows what the Tesla app is known to accept: one season covering the whole year
/// plus an empty second season, the <c>ALL</c> sentinels, 48 <c>PERIOD_HH_MM</c> periods for
/// every day (0 = Monday … 6 = Sunday) with the last ending at <c>toHour: 24</c>, and a
/// <c>sell_tariff</c> that mirrors the buy side. Rates are $/kWh with at most 4 decimals.
/// </remarks>
public static class TeslaTariffDocument
{
    public const string Season = "Summer";
    public const string EmptySeason = "Winter";
    private const string All = "ALL";

    public static JsonObject Write(HalfHourTariff tariff, TariffLabels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        labels ??= new TariffLabels();

        var document = new JsonObject
        {
            ["code"] = labels.Code,
            ["name"] = labels.Name,
            ["utility"] = labels.Utility,
            ["currency"] = "AUD",
            ["version"] = 1,
        };
        foreach (var (key, value) in ChargeSide(labels, tariff.Rates.Select(rate => (rate.Slot, rate.BuyPerKwh))))
        {
            document[key] = value;
        }

        var sell = new JsonObject();
        foreach (var (key, value) in ChargeSide(labels, tariff.Rates.Select(rate => (rate.Slot, rate.SellPerKwh))))
        {
            sell[key] = value;
        }

        document["sell_tariff"] = sell;
        return document;
    }

    /// <summary>Reads the buy and sell rate of every slot; null when the document lacks any of them.</summary>
    public static HalfHourTariff? TryRead(JsonObject? document, string timeZoneId)
    {
        var buy = RatesOf(document);
        var sell = RatesOf(document?["sell_tariff"] as JsonObject);
        if (buy is null || sell is null)
        {
            return null;
        }

        return new HalfHourTariff(
            HalfHourSlot.All.Select(slot => new SlotRates(slot, buy[slot.Index], sell[slot.Index])).ToArray(),
            timeZoneId);
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> ChargeSide(TariffLabels labels, IEnumerable<(HalfHourSlot Slot, decimal Rate)> rates)
    {
        var seasonRates = new JsonObject();
        foreach (var (slot, rate) in rates)
        {
            seasonRates[slot.Name] = WithoutTrailingZeros(rate);
        }

        yield return new("name", labels.Name);
        yield return new("utility", labels.Utility);
        yield return new("daily_charges", new JsonArray(new JsonObject { ["name"] = "Charge" }));
        yield return new("demand_charges", new JsonObject
        {
            [All] = AllSentinel(),
            [Season] = new JsonObject(),
            [EmptySeason] = new JsonObject(),
        });
        yield return new("energy_charges", new JsonObject
        {
            [All] = AllSentinel(),
            [Season] = new JsonObject { ["rates"] = seasonRates },
            [EmptySeason] = new JsonObject(),
        });
        yield return new("seasons", new JsonObject
        {
            [Season] = new JsonObject
            {
                ["fromMonth"] = 1,
                ["toMonth"] = 12,
                ["fromDay"] = 1,
                ["toDay"] = 31,
                ["tou_periods"] = TouPeriods(),
            },
            [EmptySeason] = new JsonObject(),
        });
    }

    private static JsonObject AllSentinel() => new() { ["rates"] = new JsonObject { [All] = 0 } };

    private static JsonObject TouPeriods()
    {
        var periods = new JsonObject();
        foreach (var slot in HalfHourSlot.All)
        {
            periods[slot.Name] = new JsonObject
            {
                ["periods"] = new JsonArray(new JsonObject
                {
                    ["fromDayOfWeek"] = 0,
                    ["toDayOfWeek"] = 6,
                    ["fromHour"] = slot.StartHour,
                    ["fromMinute"] = slot.StartMinute,
                    ["toHour"] = slot.EndHour,
                    ["toMinute"] = slot.EndMinute,
                }),
            };
        }

        return periods;
    }

    private static decimal[]? RatesOf(JsonObject? side)
    {
        if (side?["energy_charges"]?[Season]?["rates"] is not JsonObject rates)
        {
            return null;
        }

        var values = new decimal[HalfHourSlot.PerDay];
        foreach (var slot in HalfHourSlot.All)
        {
            // Parse the JSON text: a value built in memory from an int would refuse TryGetValue<decimal>.
            if (rates[slot.Name] is not JsonValue value
                || value.GetValueKind() != System.Text.Json.JsonValueKind.Number
                || !decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate))
            {
                return null;
            }

            values[slot.Index] = rate;
        }

        return values;
    }

    /// <summary>0.2400 is written as 0.24: decimal keeps its scale, and Tesla shows what it is sent.</summary>
    private static decimal WithoutTrailingZeros(decimal value) => value / 1.0000000000000000000000000000m;
}
