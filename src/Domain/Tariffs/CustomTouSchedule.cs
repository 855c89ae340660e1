using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// A retailer's time-of-use tariff entered by hand (SPEC §2 rule 10): seasons × named periods ×
/// weekday/time windows, with buy, sell and optional demand rates and fixed charges. Check it with
/// <see cref="CustomTouScheduleValidator"/>; <see cref="CustomTouTariffBuilder"/> turns a valid one
/// into Tesla's <c>tariff_content_v2</c>.
/// </summary>
/// <remarks>
/// Amounts are $ (not cents): $/kWh, $/kW, $ per day and $ per month. Rates are decimal, so a
/// non-finite rate cannot exist in the model; JSON carrying one (NaN, 1e400) is refused by
/// <see cref="FromJson"/>. Lists compare by reference (compare schedules through <see cref="ToJson"/>).
/// </remarks>
public sealed record CustomTouSchedule
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        // Numbers only as numbers: a quoted rate is a mistake worth refusing, not guessing at.
        NumberHandling = JsonNumberHandling.Strict,
        // "name": null is refused at the door instead of reaching the validator as a missing name.
        RespectNullableAnnotations = true,
        Converters = { new ClockTimeJsonConverter() },
    };

    public required string Name { get; init; }

    /// <summary>Shown in the Tesla app; the schedule's name when not given.</summary>
    public string? Utility { get; init; }

    /// <summary>Tesla's tariff code; <see cref="CustomTouTariffBuilder.DefaultCode"/> when not given.</summary>
    public string? Code { get; init; }

    /// <summary>The supply charge, $ per day.</summary>
    public decimal DailySupplyCharge { get; init; }

    /// <summary>A fixed fee, $ per month.</summary>
    public decimal MonthlyCharge { get; init; }

    public IReadOnlyList<CustomTouSeason> Seasons { get; init; } = [];

    /// <summary>camelCase JSON, times as "HH:mm" ("24:00" for the end of the day).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads the JSON <see cref="ToJson"/> writes. Throws <see cref="JsonException"/> (with the path of the bad value) for malformed input.</summary>
    public static CustomTouSchedule FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<CustomTouSchedule>(json, JsonOptions)
            ?? throw new JsonException("A custom TOU schedule cannot be null.");
    }
}

/// <summary>
/// A part of the year, from one month/day to another inclusive; the range wraps past New Year
/// when it ends before it starts (1 Oct – 31 Mar). The defaults cover the whole year.
/// </summary>
public sealed record CustomTouSeason
{
    public required string Name { get; init; }

    public int FromMonth { get; init; } = 1;

    public int FromDay { get; init; } = 1;

    public int ToMonth { get; init; } = 12;

    public int ToDay { get; init; } = 31;

    public IReadOnlyList<CustomTouPeriod> Periods { get; init; } = [];
}

/// <summary>A named rate band (e.g. "Weekday peak") and when it applies.</summary>
public sealed record CustomTouPeriod
{
    public required string Name { get; init; }

    /// <summary>What importing costs, $/kWh.</summary>
    public decimal BuyPerKwh { get; init; }

    /// <summary>What exporting earns, $/kWh.</summary>
    public decimal SellPerKwh { get; init; }

    /// <summary>A demand charge, $/kW; null for none.</summary>
    public decimal? DemandPerKw { get; init; }

    public IReadOnlyList<CustomTouWindow> Windows { get; init; } = [];
}

/// <summary>
/// Days <see cref="FromWeekday"/>–<see cref="ToWeekday"/> (0 = Monday … 6 = Sunday; wrapping past
/// Sunday when the first is later), from a local start time to an end time. The end may be 24:00;
/// an end earlier than the start runs past midnight into the next day (Friday 22:00–07:00 ends on
/// Saturday morning).
/// </summary>
/// <remarks>Times are durations since local midnight because a time of day cannot say 24:00.</remarks>
public sealed record CustomTouWindow
{
    public int FromWeekday { get; init; } = TeslaDayOfWeek.Monday;

    public int ToWeekday { get; init; } = TeslaDayOfWeek.Sunday;

    public TimeSpan Start { get; init; }

    public TimeSpan End { get; init; }

    public static CustomTouWindow Daily(TimeSpan start, TimeSpan end) => new() { Start = start, End = end };

    public static CustomTouWindow On(int fromWeekday, int toWeekday, TimeSpan start, TimeSpan end) =>
        new() { FromWeekday = fromWeekday, ToWeekday = toWeekday, Start = start, End = end };

    /// <summary>
    /// The window cut at midnight into same-day pieces (day, start minute, end minute, 1440 =
    /// 24:00): Friday 22:00–07:00 is Friday 22:00–24:00 and Saturday 00:00–07:00. Only meaningful
    /// for a window the validator accepts.
    /// </summary>
    internal IEnumerable<(int Day, int StartMinute, int EndMinute)> SameDayPieces()
    {
        var start = (int)Start.TotalMinutes;
        var end = (int)End.TotalMinutes;
        if (end == 0)
        {
            end = TouWindow.MinutesPerDay;
        }

        foreach (var day in Days())
        {
            if (end > start)
            {
                yield return (day, start, end);
            }
            else
            {
                yield return (day, start, TouWindow.MinutesPerDay);
                yield return ((day + 1) % TeslaDayOfWeek.DaysPerWeek, 0, end);
            }
        }
    }

    /// <summary>The Tesla day numbers the window starts on.</summary>
    internal IEnumerable<int> Days()
    {
        if (!IsWeekday(FromWeekday) || !IsWeekday(ToWeekday))
        {
            yield break;
        }

        for (var day = FromWeekday; ; day = (day + 1) % TeslaDayOfWeek.DaysPerWeek)
        {
            yield return day;
            if (day == ToWeekday)
            {
                yield break;
            }
        }
    }

    internal static bool IsWeekday(int day) => day is >= TeslaDayOfWeek.Monday and <= TeslaDayOfWeek.Sunday;
}

/// <summary>
/// Writes a time since midnight as "HH:mm" (or "HH:mm:ss" / "HH:mm:ss.fffffff" when it has
/// seconds, so the validator — not the parser — reports the sub-minute time) and reads the same,
/// accepting "24:00".
/// </summary>
internal sealed class ClockTimeJsonConverter : JsonConverter<TimeSpan>
{
    private static readonly string[] Formats = [@"h\:mm", @"hh\:mm", @"h\:mm\:ss", @"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF", @"h\:mm\:ss\.FFFFFFF"];

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is "24:00" or "24:00:00")
        {
            return TimeSpan.FromHours(24);
        }

        if (text is not null && TimeSpan.TryParseExact(text, Formats, CultureInfo.InvariantCulture, out var time))
        {
            return time;
        }

        throw new JsonException($"Expected a local time as \"HH:mm\" (00:00–24:00), got {(text is null ? reader.TokenType.ToString() : $"\"{text}\"")}.");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value < TimeSpan.Zero)
        {
            // Only code can build one; the validator reports it, and this at least shows it.
            writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
            return;
        }

        var hours = (int)Math.Floor(value.TotalHours);
        var text = string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{value.Minutes:00}");
        if (value.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            text += value.Ticks % TimeSpan.TicksPerSecond == 0
                ? string.Create(CultureInfo.InvariantCulture, $":{value.Seconds:00}")
                : string.Create(CultureInfo.InvariantCulture, $":{value.Seconds:00}.{value.Ticks % TimeSpan.TicksPerSecond:0000000}");
        }

        writer.WriteStringValue(text);
    }
}
