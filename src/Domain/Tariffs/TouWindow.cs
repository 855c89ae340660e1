using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// One entry of a Tesla TOU period's <c>periods</c> array: a weekday range and a local time range.
/// Omitted fields take Tesla's defaults (every from-field 0, <c>toDayOfWeek</c> 6, the other
/// to-fields 0), so the captured PowerSync tariff's <c>{"toDayOfWeek":6,"toMinute":30}</c> is
/// 00:00–00:30 every day.
/// </summary>
/// <remarks>
/// How the times are read: the end is exclusive; <c>toHour: 24</c> and an end of 00:00 both mean
/// midnight at the end of the day; an end earlier than the start runs past midnight; an end equal
/// to the start covers the whole day (a flat tariff's lone <c>{"toDayOfWeek":6}</c>). Days: a
/// <see cref="FromDayOfWeek"/> later than <see cref="ToDayOfWeek"/> wraps past Sunday. An
/// overnight window is applied as a daily pattern on each listed day (evening and early morning
/// of the same day); Tesla does not document whether the early morning belongs to the next day
/// instead, which only matters for overnight windows on restricted days — the custom TOU builder
/// never writes those.
/// </remarks>
public sealed record TouWindow
{
    private static readonly HashSet<string> KnownFields =
        ["fromDayOfWeek", "toDayOfWeek", "fromHour", "fromMinute", "toHour", "toMinute"];

    public const int MinutesPerDay = 24 * 60;

    public int FromDayOfWeek { get; init; }

    public int ToDayOfWeek { get; init; } = TeslaDayOfWeek.Sunday;

    public int FromHour { get; init; }

    public int FromMinute { get; init; }

    public int ToHour { get; init; }

    public int ToMinute { get; init; }

    public UnknownJsonFields Unknown { get; init; } = UnknownJsonFields.None;

    public int StartMinuteOfDay => (FromHour * 60) + FromMinute;

    public int EndMinuteOfDay => (ToHour * 60) + ToMinute;

    /// <summary>A window on days <paramref name="fromDay"/>–<paramref name="toDay"/> from one minute of the day to another (1440 = 24:00).</summary>
    public static TouWindow Between(int fromDay, int toDay, int startMinute, int endMinute) => new()
    {
        FromDayOfWeek = fromDay,
        ToDayOfWeek = toDay,
        FromHour = startMinute / 60,
        FromMinute = startMinute % 60,
        ToHour = endMinute / 60,
        ToMinute = endMinute % 60,
    };

    public bool IncludesDay(int teslaDay) =>
        FromDayOfWeek <= ToDayOfWeek
            ? teslaDay >= FromDayOfWeek && teslaDay <= ToDayOfWeek
            : teslaDay >= FromDayOfWeek || teslaDay <= ToDayOfWeek;

    public bool IncludesMinute(int minuteOfDay)
    {
        var start = StartMinuteOfDay;
        var end = EndMinuteOfDay;
        if (start == end)
        {
            return true;
        }

        return start < end
            ? minuteOfDay >= start && minuteOfDay < end
            : minuteOfDay >= start || minuteOfDay < end;
    }

    /// <summary>Whether the window covers a minute of the day (0–1439) on a Tesla day (0 = Monday).</summary>
    public bool Covers(int teslaDay, int minuteOfDay) => IncludesDay(teslaDay) && IncludesMinute(minuteOfDay);

    public static TouWindow Parse(JsonObject json) => Parse(json, "");

    internal static TouWindow Parse(JsonObject json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new TouWindow
        {
            FromDayOfWeek = TeslaJson.OptionalInt(json, "fromDayOfWeek", path) ?? 0,
            ToDayOfWeek = TeslaJson.OptionalInt(json, "toDayOfWeek", path) ?? TeslaDayOfWeek.Sunday,
            FromHour = TeslaJson.OptionalInt(json, "fromHour", path) ?? 0,
            FromMinute = TeslaJson.OptionalInt(json, "fromMinute", path) ?? 0,
            ToHour = TeslaJson.OptionalInt(json, "toHour", path) ?? 0,
            ToMinute = TeslaJson.OptionalInt(json, "toMinute", path) ?? 0,
            Unknown = UnknownJsonFields.Except(json, KnownFields),
        };
    }

    /// <summary>All six fields, defaults included: explicit is what other tools post and Tesla accepts.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["fromDayOfWeek"] = TeslaJson.Number(FromDayOfWeek),
            ["toDayOfWeek"] = TeslaJson.Number(ToDayOfWeek),
            ["fromHour"] = TeslaJson.Number(FromHour),
            ["fromMinute"] = TeslaJson.Number(FromMinute),
            ["toHour"] = TeslaJson.Number(ToHour),
            ["toMinute"] = TeslaJson.Number(ToMinute),
        };
        Unknown.WriteTo(json);
        return json;
    }
}
