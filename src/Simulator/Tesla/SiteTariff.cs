using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeslaSync.Simulator.Tesla;

/// <summary>
/// Buy and sell prices ($/kWh) of an uploaded <c>tariff_content_v2</c> at a site-local wall-clock
/// time, read the way CONTRACTS §2.6 describes Tesla reading it. Written here rather than taken from
/// the Domain, so the simulated Powerwall does not share a misreading with the code it tests.
/// </summary>
/// <remarks>
/// Rules: the first season (document order) whose inclusive month/day range covers the date (ranges
/// wrap past New Year; a season without months covers nothing); in it the first TOU period with a
/// window covering the weekday (0 = Monday … 6 = Sunday, wrapping) and minute (end exclusive; an end
/// of 00:00 or 24:00 is midnight; an end before the start runs past midnight; an end equal to the start
/// is the whole day; omitted from-fields are 0, <c>toDayOfWeek</c> 6, other to-fields 0); the rate of
/// (season, period) falling back to (season, ALL), (ALL, period), (ALL, ALL), else 0. The sell side is
/// <c>sell_tariff</c> read the same way (its own seasons, else the buy side's); none means sell 0.
/// A document that cannot be read prices everything at 0, which leaves the battery self-consuming.
/// Prices are resolved per 5 minutes (at the start of each 5-minute slot of the wall clock).
/// </remarks>
public sealed class SiteTariff
{
    public const int SlotMinutes = 5;
    public const int SlotsPerDay = 24 * 60 / SlotMinutes;

    private readonly Side _buy;
    private readonly Side _sell;
    private readonly Dictionary<DateOnly, (double[] Buy, double[] Sell)> _days = [];

    private SiteTariff(string? code, Side buy, Side sell)
    {
        Code = code;
        _buy = buy;
        _sell = sell;
    }

    public static SiteTariff Zero { get; } = new(null, Side.Empty, Side.Empty);

    public string? Code { get; }

    public static SiteTariff Parse(string tariffContentV2)
    {
        try
        {
            if (JsonNode.Parse(tariffContentV2) is not JsonObject root)
            {
                return Zero;
            }

            var buy = Side.Read(root, null);
            var sell = root["sell_tariff"] is JsonObject sellTariff ? Side.Read(sellTariff, buy.Seasons) : Side.Empty;
            return new SiteTariff(root["code"] is JsonValue code && code.TryGetValue<string>(out var text) ? text : null, buy, sell);
        }
        catch (JsonException)
        {
            return Zero;
        }
    }

    /// <summary>Buy and sell price, $/kWh, in the 5-minute slot containing a local wall-clock time.</summary>
    public (double Buy, double Sell) PricesAt(DateOnly localDate, int minuteOfDay)
    {
        if (!_days.TryGetValue(localDate, out var day))
        {
            if (_days.Count > 64)
            {
                _days.Clear();
            }

            day = (_buy.Day(localDate), _sell.Day(localDate));
            _days[localDate] = day;
        }

        var slot = Math.Clamp(minuteOfDay / SlotMinutes, 0, SlotsPerDay - 1);
        return (day.Buy[slot], day.Sell[slot]);
    }

    public (double Buy, double Sell) PricesAt(DateTimeOffset instant, TimeZoneInfo zone) =>
        PricesAt(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Buy and sell price at a local wall-clock time.</summary>
    public (double Buy, double Sell) PricesAt(DateTime local) =>
        PricesAt(DateOnly.FromDateTime(local), (local.Hour * 60) + local.Minute);

    private sealed record Window(int FromDay, int ToDay, int FromMinute, int ToMinute)
    {
        public bool Covers(int teslaDay, int minute)
        {
            var day = FromDay <= ToDay ? teslaDay >= FromDay && teslaDay <= ToDay : teslaDay >= FromDay || teslaDay <= ToDay;
            if (!day)
            {
                return false;
            }

            var end = ToMinute is 0 or 1440 ? 1440 : ToMinute;
            if (FromMinute == end || (FromMinute == 0 && end == 1440))
            {
                return true;
            }

            return FromMinute < end ? minute >= FromMinute && minute < end : minute >= FromMinute || minute < end;
        }
    }

    private sealed record Season(string Name, int FromMonth, int FromDay, int ToMonth, int ToDay, IReadOnlyList<(string Period, IReadOnlyList<Window> Windows)> Periods)
    {
        public bool Covers(DateOnly date)
        {
            var day = (date.Month * 100) + date.Day;
            var from = (FromMonth * 100) + FromDay;
            var to = (ToMonth * 100) + ToDay;
            return from <= to ? day >= from && day <= to : day >= from || day <= to;
        }
    }

    private sealed class Side(IReadOnlyList<Season> seasons, Dictionary<string, Dictionary<string, double>> rates)
    {
        public static Side Empty { get; } = new([], []);

        public IReadOnlyList<Season> Seasons => seasons;

        public static Side Read(JsonObject json, IReadOnlyList<Season>? fallbackSeasons)
        {
            var list = new List<Season>();
            if (json["seasons"] is JsonObject seasonsJson)
            {
                foreach (var (name, node) in seasonsJson)
                {
                    if (node is JsonObject season && Int(season["fromMonth"]) is { } fromMonth && Int(season["toMonth"]) is { } toMonth)
                    {
                        list.Add(new Season(name, fromMonth, Int(season["fromDay"]) ?? 1, toMonth, Int(season["toDay"]) ?? 31, Periods(season["tou_periods"])));
                    }
                }
            }

            var charges = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
            if (json["energy_charges"] is JsonObject chargesJson)
            {
                foreach (var (season, node) in chargesJson)
                {
                    var table = new Dictionary<string, double>(StringComparer.Ordinal);
                    if (node?["rates"] is JsonObject ratesJson)
                    {
                        foreach (var (period, rate) in ratesJson)
                        {
                            if (Number(rate) is { } value)
                            {
                                table[period] = value;
                            }
                        }
                    }

                    charges[season] = table;
                }
            }

            return new Side(json["seasons"] is JsonObject ? list : fallbackSeasons ?? list, charges);
        }

        /// <summary>Prices of the 288 five-minute slots of a local date.</summary>
        public double[] Day(DateOnly date)
        {
            var prices = new double[SlotsPerDay];
            var season = seasons.FirstOrDefault(s => s.Covers(date));
            var teslaDay = ((int)date.DayOfWeek + 6) % 7;
            for (var slot = 0; slot < SlotsPerDay; slot++)
            {
                var minute = slot * SlotMinutes;
                var period = season?.Periods.FirstOrDefault(p => p.Windows.Any(w => w.Covers(teslaDay, minute))).Period;
                prices[slot] = Rate(season?.Name, period);
            }

            return prices;
        }

        private double Rate(string? season, string? period)
        {
            const string all = "ALL";
            foreach (var (s, p) in new[] { (season, period), (season, all), (all, period), (all, all) })
            {
                if (s is not null && p is not null && rates.TryGetValue(s, out var table) && table.TryGetValue(p, out var rate))
                {
                    return rate;
                }
            }

            return 0;
        }

        private static List<(string, IReadOnlyList<Window>)> Periods(JsonNode? node)
        {
            var periods = new List<(string, IReadOnlyList<Window>)>();
            if (node is not JsonObject touPeriods)
            {
                return periods;
            }

            foreach (var (name, period) in touPeriods)
            {
                var windows = new List<Window>();
                if (period?["periods"] is JsonArray array)
                {
                    foreach (var w in array.OfType<JsonObject>())
                    {
                        windows.Add(new Window(
                            Int(w["fromDayOfWeek"]) ?? 0,
                            Int(w["toDayOfWeek"]) ?? 6,
                            ((Int(w["fromHour"]) ?? 0) * 60) + (Int(w["fromMinute"]) ?? 0),
                            ((Int(w["toHour"]) ?? 0) * 60) + (Int(w["toMinute"]) ?? 0)));
                    }
                }

                periods.Add((name, windows));
            }

            return periods;
        }

        private static int? Int(JsonNode? node) => Number(node) is { } value ? (int)Math.Round(value) : null;

        private static double? Number(JsonNode? node) =>
            node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) ? number : null;
    }
}
