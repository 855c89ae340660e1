using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>
/// One season's entry of <c>energy_charges</c> or <c>demand_charges</c>: period name → rate.
/// <c>{}</c> (no <c>rates</c> key) is a season without its own rates.
/// </summary>
public sealed record TeslaSeasonRates(NamedMap<decimal>? Rates)
{
    private static readonly HashSet<string> KnownFields = ["rates"];

    public static TeslaSeasonRates None { get; } = new((NamedMap<decimal>?)null);

    public UnknownJsonFields Unknown { get; init; } = UnknownJsonFields.None;

    public static TeslaSeasonRates Of(IEnumerable<KeyValuePair<string, decimal>> rates) => new(new NamedMap<decimal>(rates));

    internal static TeslaSeasonRates Parse(JsonObject json, string path)
    {
        var ratesPath = TeslaJson.Child(path, "rates");
        var rates = TeslaJson.OptionalObject(json, "rates", path) is { } values
            ? new NamedMap<decimal>(values.Select(rate => KeyValuePair.Create(rate.Key, TeslaJson.Decimal(rate.Value, TeslaJson.Child(ratesPath, rate.Key)))))
            : null;
        return new TeslaSeasonRates(rates) { Unknown = UnknownJsonFields.Except(json, KnownFields) };
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Rates is not null)
        {
            var rates = new JsonObject();
            foreach (var (period, rate) in Rates)
            {
                rates[period] = TeslaJson.Number(rate);
            }

            json["rates"] = rates;
        }

        Unknown.WriteTo(json);
        return json;
    }
}

/// <summary>
/// Tesla's <c>energy_charges</c> ($/kWh) or <c>demand_charges</c> ($/kW): season → period → rate,
/// with <c>ALL</c> as the fallback season and the fallback period.
/// </summary>
public sealed record TeslaChargeTable(NamedMap<TeslaSeasonRates> Seasons)
{
    /// <summary>The key Tesla uses for "any season" and "any period".</summary>
    public const string All = "ALL";

    /// <summary><c>{"ALL":{"rates":{"ALL":0}}}</c>: every rate not given elsewhere is 0.</summary>
    public static TeslaSeasonRates AllSentinel => TeslaSeasonRates.Of([KeyValuePair.Create(All, 0m)]);

    /// <summary>
    /// The rate of a period in a season, trying (season, period), (season, ALL), (ALL, period),
    /// then (ALL, ALL); null when none is given.
    /// </summary>
    /// <remarks>
    /// Tesla documents the two fallbacks but not their order; a season's own flat rate is taken
    /// before the all-season rate of the same period because it is the more specific statement.
    /// No captured tariff has both.
    /// </remarks>
    public decimal? RateFor(string season, string period)
    {
        var own = Seasons.GetValueOrDefault(season)?.Rates;
        var any = Seasons.GetValueOrDefault(All)?.Rates;
        foreach (var (rates, key) in new[] { (own, period), (own, All), (any, period), (any, All) })
        {
            if (rates is not null && rates.TryGetValue(key, out var rate))
            {
                return rate;
            }
        }

        return null;
    }

    internal static TeslaChargeTable Parse(JsonObject json, string path) =>
        new(new NamedMap<TeslaSeasonRates>(json.Select(season => KeyValuePair.Create(
            season.Key,
            season.Value is JsonObject value
                ? TeslaSeasonRates.Parse(value, TeslaJson.Child(path, season.Key))
                : throw TeslaJson.Invalid(TeslaJson.Child(path, season.Key), "should be an object")))));

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (season, rates) in Seasons)
        {
            json[season] = rates.ToJson();
        }

        return json;
    }
}
