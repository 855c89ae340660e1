using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// A named TOU period of a Tesla season (<c>"PEAK": {"periods": [...]}</c>): the windows during
/// which the period's rates apply.
/// </summary>
public sealed record TouPeriod(ValueList<TouWindow> Windows)
{
    private static readonly HashSet<string> KnownFields = ["periods"];

    public UnknownJsonFields Unknown { get; init; } = UnknownJsonFields.None;

    public bool Covers(int teslaDay, int minuteOfDay) => Windows.Any(window => window.Covers(teslaDay, minuteOfDay));

    internal static TouPeriod Parse(JsonObject json, string path)
    {
        var windowsPath = TeslaJson.Child(path, "periods");
        var windows = (TeslaJson.OptionalArray(json, "periods", path) ?? [])
            .Select((node, index) => node is JsonObject window
                ? TouWindow.Parse(window, $"{windowsPath}[{index}]")
                : throw TeslaJson.Invalid($"{windowsPath}[{index}]", "should be an object"));
        return new TouPeriod(new ValueList<TouWindow>(windows)) { Unknown = UnknownJsonFields.Except(json, KnownFields) };
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["periods"] = new JsonArray(Windows.Select(window => (JsonNode)window.ToJson()).ToArray()) };
        Unknown.WriteTo(json);
        return json;
    }
}

/// <summary>
/// A Tesla season: a month/day range of the year and its named TOU periods. An empty season
/// (<c>"Winter": {}</c>) has neither and covers no date; Tesla's app misbehaves without one, so
/// it is kept as it is read.
/// </summary>
/// <remarks>
/// The range is inclusive and wraps past New Year when it ends before it starts (the multi-season
/// fixture's winter runs 1 Oct – 31 Mar). A missing <c>fromDay</c> is taken as 1 and a missing
/// <c>toDay</c> as the end of the month; a season without both months covers nothing.
/// </remarks>
public sealed record TeslaSeason
{
    private static readonly HashSet<string> KnownFields = ["fromMonth", "fromDay", "toMonth", "toDay", "tou_periods"];

    public static TeslaSeason Empty { get; } = new();

    public int? FromMonth { get; init; }

    public int? FromDay { get; init; }

    public int? ToMonth { get; init; }

    public int? ToDay { get; init; }

    /// <summary>Period name → windows; null when the season has no <c>tou_periods</c> key.</summary>
    public NamedMap<TouPeriod>? TouPeriods { get; init; }

    public UnknownJsonFields Unknown { get; init; } = UnknownJsonFields.None;

    /// <summary>True for <c>{}</c>.</summary>
    public bool IsEmpty => FromMonth is null && FromDay is null && ToMonth is null && ToDay is null && TouPeriods is null && Unknown.Count == 0;

    /// <summary>A season from one month/day to another, inclusive (wrapping past New Year when the end comes first).</summary>
    public static TeslaSeason Between(int fromMonth, int fromDay, int toMonth, int toDay, NamedMap<TouPeriod> periods) => new()
    {
        FromMonth = fromMonth,
        FromDay = fromDay,
        ToMonth = toMonth,
        ToDay = toDay,
        TouPeriods = periods,
    };

    public bool Covers(DateOnly date)
    {
        if (FromMonth is not { } fromMonth || ToMonth is not { } toMonth)
        {
            return false;
        }

        // Compare (month, day) as one number; 31 as the default end day is past any real day.
        var day = (date.Month * 100) + date.Day;
        var from = (fromMonth * 100) + (FromDay ?? 1);
        var to = (toMonth * 100) + (ToDay ?? 31);
        return from <= to ? day >= from && day <= to : day >= from || day <= to;
    }

    /// <summary>The first period (in document order) covering a minute of a Tesla day; null when none does.</summary>
    public string? PeriodAt(int teslaDay, int minuteOfDay) =>
        TouPeriods?.FirstOrDefault(period => period.Value.Covers(teslaDay, minuteOfDay)).Key;

    public static TeslaSeason Parse(JsonObject json) => Parse(json, "");

    internal static TeslaSeason Parse(JsonObject json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        var periodsPath = TeslaJson.Child(path, "tou_periods");
        var periods = TeslaJson.OptionalObject(json, "tou_periods", path) is { } touPeriods
            ? new NamedMap<TouPeriod>(touPeriods.Select(period => KeyValuePair.Create(
                period.Key,
                period.Value is JsonObject value
                    ? TouPeriod.Parse(value, TeslaJson.Child(periodsPath, period.Key))
                    : throw TeslaJson.Invalid(TeslaJson.Child(periodsPath, period.Key), "should be an object"))))
            : null;
        return new TeslaSeason
        {
            FromMonth = TeslaJson.OptionalInt(json, "fromMonth", path),
            FromDay = TeslaJson.OptionalInt(json, "fromDay", path),
            ToMonth = TeslaJson.OptionalInt(json, "toMonth", path),
            ToDay = TeslaJson.OptionalInt(json, "toDay", path),
            TouPeriods = periods,
            Unknown = UnknownJsonFields.Except(json, KnownFields),
        };
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        TeslaJson.AddIfPresent(json, "fromMonth", FromMonth);
        TeslaJson.AddIfPresent(json, "toMonth", ToMonth);
        TeslaJson.AddIfPresent(json, "fromDay", FromDay);
        TeslaJson.AddIfPresent(json, "toDay", ToDay);
        if (TouPeriods is not null)
        {
            var periods = new JsonObject();
            foreach (var (name, period) in TouPeriods)
            {
                periods[name] = period.ToJson();
            }

            json["tou_periods"] = periods;
        }

        Unknown.WriteTo(json);
        return json;
    }
}
