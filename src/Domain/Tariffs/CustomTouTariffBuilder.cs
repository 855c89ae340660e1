namespace TeslaSync.Domain.Tariffs;

/// <summary>The outcome of building a custom TOU tariff: the tariff, or every problem that prevented it.</summary>
public sealed record CustomTouBuildResult
{
    private CustomTouBuildResult(TeslaTariffContent? content, IReadOnlyList<string> problems)
    {
        Content = content;
        Problems = problems;
    }

    public TeslaTariffContent? Content { get; }

    /// <summary>The validator's messages; empty when the tariff was built.</summary>
    public IReadOnlyList<string> Problems { get; }

    public bool Succeeded => Content is not null;

    public static CustomTouBuildResult Built(TeslaTariffContent content) => new(content, []);

    public static CustomTouBuildResult Refused(IReadOnlyList<string> problems) => new(null, problems);
}

/// <summary>
/// Turns a valid <see cref="CustomTouSchedule"/> into Tesla's <c>tariff_content_v2</c>, in the
/// same shape as the Amber tariff (<see cref="TeslaTariffDocument"/>): the <c>ALL</c> sentinels,
/// an empty second season when the schedule has only one, a <c>sell_tariff</c> with the same
/// seasons and periods, fixed and demand charges on the buy side only.
/// </summary>
/// <remarks>
/// Each period keeps its own name and rates, so a weekday peak and a weekend peak at the same
/// clock time stay two periods (an earlier tool keyed periods by clock time and silently kept
/// only one of them). Windows are written cut at midnight and without wrapping weekday ranges,
/// the one form whose meaning in Tesla's format is not in doubt: Friday 22:00–07:00 becomes
/// Friday 22:00–24:00 and Saturday 00:00–07:00.
/// </remarks>
public static class CustomTouTariffBuilder
{
    public const string DefaultCode = "TESLASYNC:CUSTOM";
    private const string All = TeslaChargeTable.All;

    public static CustomTouBuildResult Build(CustomTouSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problems = CustomTouScheduleValidator.Validate(schedule);
        return problems.Count > 0 ? CustomTouBuildResult.Refused(problems) : CustomTouBuildResult.Built(BuildValid(schedule));
    }

    private static TeslaTariffContent BuildValid(CustomTouSchedule schedule)
    {
        var seasons = schedule.Seasons.ToList();
        var padding = seasons.Count == 1 ? PaddingSeasonName(seasons[0].Name) : null;

        var teslaSeasons = seasons
            .Select(season => KeyValuePair.Create(
                season.Name,
                TeslaSeason.Between(season.FromMonth, season.FromDay, season.ToMonth, season.ToDay, new NamedMap<TouPeriod>(
                    season.Periods.Select(period => KeyValuePair.Create(period.Name, new TouPeriod(TeslaWindows(period)))))))).ToList();
        if (padding is not null)
        {
            // The Tesla app misbehaves without a second season (SPEC §2).
            teslaSeasons.Add(KeyValuePair.Create(padding, TeslaSeason.Empty));
        }

        var seasonMap = new NamedMap<TeslaSeason>(teslaSeasons);
        var hasDemand = seasons.SelectMany(season => season.Periods).Any(period => period.DemandPerKw > 0m);
        var name = schedule.Name.Trim();
        var utility = string.IsNullOrWhiteSpace(schedule.Utility) ? name : schedule.Utility.Trim();

        return new TeslaTariffContent
        {
            Code = string.IsNullOrWhiteSpace(schedule.Code) ? DefaultCode : schedule.Code.Trim(),
            Name = name,
            Utility = utility,
            Currency = "AUD",
            Version = 1,
            MonthlyCharges = schedule.MonthlyCharge > 0m ? schedule.MonthlyCharge : null,
            DailyCharges = new ValueList<TeslaDailyCharge>(
                [new TeslaDailyCharge("Charge", schedule.DailySupplyCharge > 0m ? schedule.DailySupplyCharge : null)]),
            DemandCharges = Table(seasons, padding, hasDemand ? period => period.DemandPerKw ?? 0m : null),
            EnergyCharges = Table(seasons, padding, period => period.BuyPerKwh),
            Seasons = seasonMap,
            SellTariff = new TeslaTariffContent
            {
                Name = name,
                Utility = utility,
                DailyCharges = new ValueList<TeslaDailyCharge>([new TeslaDailyCharge("Charge")]),
                DemandCharges = Table(seasons, padding, null),
                EnergyCharges = Table(seasons, padding, period => period.SellPerKwh),
                Seasons = seasonMap,
            },
        };
    }

    /// <summary>The ALL sentinel, then each season's rates (or <c>{}</c> when <paramref name="rate"/> is null), then the padding season's <c>{}</c>.</summary>
    private static TeslaChargeTable Table(IReadOnlyList<CustomTouSeason> seasons, string? padding, Func<CustomTouPeriod, decimal>? rate)
    {
        var entries = new List<KeyValuePair<string, TeslaSeasonRates>> { KeyValuePair.Create(All, TeslaChargeTable.AllSentinel) };
        entries.AddRange(seasons.Select(season => KeyValuePair.Create(
            season.Name,
            rate is null ? TeslaSeasonRates.None : TeslaSeasonRates.Of(season.Periods.Select(period => KeyValuePair.Create(period.Name, rate(period)))))));
        if (padding is not null)
        {
            entries.Add(KeyValuePair.Create(padding, TeslaSeasonRates.None));
        }

        return new TeslaChargeTable(new NamedMap<TeslaSeasonRates>(entries));
    }

    /// <summary>
    /// A period's windows as Tesla windows: cut at midnight, pieces with the same times merged
    /// across days, each run of consecutive days one window.
    /// </summary>
    private static ValueList<TouWindow> TeslaWindows(CustomTouPeriod period)
    {
        var windows = period.Windows
            .SelectMany(window => window.SameDayPieces())
            .GroupBy(piece => (piece.StartMinute, piece.EndMinute))
            .SelectMany(pieces =>
            {
                var days = pieces.Select(piece => piece.Day).Distinct().Order().ToArray();
                return CustomTouScheduleValidator.Runs(days)
                    .Select(run => TouWindow.Between(run.First, run.Last, pieces.Key.StartMinute, pieces.Key.EndMinute));
            })
            .OrderBy(window => window.FromDayOfWeek)
            .ThenBy(window => window.StartMinuteOfDay);
        return new ValueList<TouWindow>(windows);
    }

    private static string PaddingSeasonName(string taken) =>
        new[] { TeslaTariffDocument.EmptySeason, TeslaTariffDocument.Season, "Empty" }.First(name => name != taken);
}
