using System.Text.Json.Nodes;

namespace TeslaSync.Domain.Tariffs;

/// <summary>An entry of <c>daily_charges</c>: a named fixed charge per day, in $ (the supply charge).</summary>
public sealed record TeslaDailyCharge(string? Name, decimal? Amount = null)
{
    private static readonly HashSet<string> KnownFields = ["name", "amount"];

    public UnknownJsonFields Unknown { get; init; } = UnknownJsonFields.None;

    internal static TeslaDailyCharge Parse(JsonObject json, string path) =>
        new(TeslaJson.OptionalString(json, "name", path), TeslaJson.OptionalDecimal(json, "amount", path))
        {
            Unknown = UnknownJsonFields.Except(json, KnownFields),
        };

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        TeslaJson.AddIfPresent(json, "name", Name);
        TeslaJson.AddIfPresent(json, "amount", Amount);
        Unknown.WriteTo(json);
        return json;
    }
}

/// <summary>
/// Tesla's <c>tariff_content_v2</c>: the buy side at the top level and, in <see cref="SellTariff"/>,
/// a sell side of the same structure (which usually omits <c>code</c>, <c>currency</c> and
/// <c>version</c>). Every field is optional and written back only when it was present; keys the
/// model does not know are kept in <see cref="Unknown"/> at every level, so parse → write keeps
/// everything a Powerwall or another tool put there (SPEC §2 rule 11: save and restore profiles).
/// </summary>
/// <remarks>
/// Days are 0 = Monday … 6 = Sunday; rates are $/kWh (energy) and $/kW (demand), not cents.
/// Tesla does not appear to validate <c>currency</c> (a real Australian post used "USD").
/// </remarks>
public sealed record TeslaTariffContent
{
    private static readonly HashSet<string> KnownFields =
    [
        "code", "name", "utility", "currency", "version",
        "monthly_charges", "monthly_minimum_bill", "min_applicable_demand", "max_applicable_demand",
        "daily_charges", "demand_charges", "energy_charges", "seasons", "sell_tariff",
    ];

    public string? Code { get; init; }

    public string? Name { get; init; }

    public string? Utility { get; init; }

    public string? Currency { get; init; }

    public int? Version { get; init; }

    /// <summary>A fixed charge per month, in $.</summary>
    public decimal? MonthlyCharges { get; init; }

    public decimal? MonthlyMinimumBill { get; init; }

    /// <summary>$/kW floor and cap of the billed demand (posted as 0 by other tools; meaning not documented).</summary>
    public decimal? MinApplicableDemand { get; init; }

    public decimal? MaxApplicableDemand { get; init; }

    public ValueList<TeslaDailyCharge>? DailyCharges { get; init; }

    /// <summary>$/kW per season and period.</summary>
    public TeslaChargeTable? DemandCharges { get; init; }

    /// <summary>$/kWh per season and period.</summary>
    public TeslaChargeTable? EnergyCharges { get; init; }

    public NamedMap<TeslaSeason>? Seasons { get; init; }

    /// <summary>The export side: what the site earns per kWh sent to the grid.</summary>
    public TeslaTariffContent? SellTariff { get; init; }

    public UnknownJsonFields Unknown { get; init; } = UnknownJsonFields.None;

    /// <summary>The sum of the daily charges' amounts, in $ per day.</summary>
    public decimal DailyChargeTotal => DailyCharges?.Sum(charge => charge.Amount ?? 0m) ?? 0m;

    /// <summary>The first season (in document order) whose range covers a local date; null when none does.</summary>
    public string? SeasonCovering(DateOnly localDate) =>
        Seasons?.FirstOrDefault(season => season.Value.Covers(localDate)).Key;

    /// <summary>The season and period in force at a local date and minute of the day, or null when the tariff leaves it uncovered.</summary>
    public TeslaPeriodRef? PeriodAt(DateOnly localDate, int minuteOfDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minuteOfDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(minuteOfDay, TouWindow.MinutesPerDay);
        if (SeasonCovering(localDate) is not { } season)
        {
            return null;
        }

        return Seasons![season].PeriodAt(TeslaDayOfWeek.Of(localDate), minuteOfDay) is { } period
            ? new TeslaPeriodRef(season, period)
            : null;
    }

    /// <summary>$/kWh of a period, with Tesla's <c>ALL</c> fallbacks.</summary>
    public decimal? EnergyRate(TeslaPeriodRef period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return EnergyCharges?.RateFor(period.Season, period.Period);
    }

    /// <summary>$/kW of a period, with Tesla's <c>ALL</c> fallbacks; 0 when the side has no demand charges.</summary>
    public decimal DemandRate(TeslaPeriodRef period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return DemandCharges?.RateFor(period.Season, period.Period) ?? 0m;
    }

    /// <summary>Reads a <c>tariff_content_v2</c> object (or a <c>sell_tariff</c>). Throws <see cref="FormatException"/> naming the bad field.</summary>
    public static TeslaTariffContent Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(json, "");
    }

    /// <summary>Reads a <c>tariff_content_v2</c>; false with the reason when it is not one.</summary>
    public static bool TryParse(JsonObject? json, out TeslaTariffContent? content, out string? error)
    {
        content = null;
        error = null;
        if (json is null)
        {
            error = "No tariff document.";
            return false;
        }

        try
        {
            content = Parse(json, "");
            return true;
        }
        catch (FormatException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    private static TeslaTariffContent Parse(JsonObject json, string path)
    {
        var chargesPath = TeslaJson.Child(path, "daily_charges");
        var seasonsPath = TeslaJson.Child(path, "seasons");
        return new TeslaTariffContent
        {
            Code = TeslaJson.OptionalString(json, "code", path),
            Name = TeslaJson.OptionalString(json, "name", path),
            Utility = TeslaJson.OptionalString(json, "utility", path),
            Currency = TeslaJson.OptionalString(json, "currency", path),
            Version = TeslaJson.OptionalInt(json, "version", path),
            MonthlyCharges = TeslaJson.OptionalDecimal(json, "monthly_charges", path),
            MonthlyMinimumBill = TeslaJson.OptionalDecimal(json, "monthly_minimum_bill", path),
            MinApplicableDemand = TeslaJson.OptionalDecimal(json, "min_applicable_demand", path),
            MaxApplicableDemand = TeslaJson.OptionalDecimal(json, "max_applicable_demand", path),
            DailyCharges = TeslaJson.OptionalArray(json, "daily_charges", path) is { } charges
                ? new ValueList<TeslaDailyCharge>(charges.Select((node, index) => node is JsonObject charge
                    ? TeslaDailyCharge.Parse(charge, $"{chargesPath}[{index}]")
                    : throw TeslaJson.Invalid($"{chargesPath}[{index}]", "should be an object")))
                : null,
            DemandCharges = TeslaJson.OptionalObject(json, "demand_charges", path) is { } demand
                ? TeslaChargeTable.Parse(demand, TeslaJson.Child(path, "demand_charges"))
                : null,
            EnergyCharges = TeslaJson.OptionalObject(json, "energy_charges", path) is { } energy
                ? TeslaChargeTable.Parse(energy, TeslaJson.Child(path, "energy_charges"))
                : null,
            Seasons = TeslaJson.OptionalObject(json, "seasons", path) is { } seasons
                ? new NamedMap<TeslaSeason>(seasons.Select(season => KeyValuePair.Create(
                    season.Key,
                    season.Value is JsonObject value
                        ? TeslaSeason.Parse(value, TeslaJson.Child(seasonsPath, season.Key))
                        : throw TeslaJson.Invalid(TeslaJson.Child(seasonsPath, season.Key), "should be an object"))))
                : null,
            SellTariff = TeslaJson.OptionalObject(json, "sell_tariff", path) is { } sell
                ? Parse(sell, TeslaJson.Child(path, "sell_tariff"))
                : null,
            Unknown = UnknownJsonFields.Except(json, KnownFields),
        };
    }

    /// <summary>Writes the fields that are present, in the order Tesla's own tariffs use, unknown keys last.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        TeslaJson.AddIfPresent(json, "code", Code);
        TeslaJson.AddIfPresent(json, "name", Name);
        TeslaJson.AddIfPresent(json, "utility", Utility);
        TeslaJson.AddIfPresent(json, "currency", Currency);
        TeslaJson.AddIfPresent(json, "version", Version);
        TeslaJson.AddIfPresent(json, "monthly_charges", MonthlyCharges);
        TeslaJson.AddIfPresent(json, "monthly_minimum_bill", MonthlyMinimumBill);
        TeslaJson.AddIfPresent(json, "min_applicable_demand", MinApplicableDemand);
        TeslaJson.AddIfPresent(json, "max_applicable_demand", MaxApplicableDemand);
        if (DailyCharges is not null)
        {
            json["daily_charges"] = new JsonArray(DailyCharges.Select(charge => (JsonNode)charge.ToJson()).ToArray());
        }

        if (DemandCharges is not null)
        {
            json["demand_charges"] = DemandCharges.ToJson();
        }

        if (EnergyCharges is not null)
        {
            json["energy_charges"] = EnergyCharges.ToJson();
        }

        if (Seasons is not null)
        {
            var seasons = new JsonObject();
            foreach (var (name, season) in Seasons)
            {
                seasons[name] = season.ToJson();
            }

            json["seasons"] = seasons;
        }

        if (SellTariff is not null)
        {
            json["sell_tariff"] = SellTariff.ToJson();
        }

        Unknown.WriteTo(json);
        return json;
    }
}

/// <summary>A period of a season of a Tesla tariff, as rates are looked up.</summary>
public sealed record TeslaPeriodRef(string Season, string Period);
