namespace TeslaSync.Domain.Budget;

/// <summary>How freely the system may call Tesla this month.</summary>
public enum BudgetLevel
{
    /// <summary>Within budget: every call as configured.</summary>
    Normal,

    /// <summary>The month is heading past 80 % of the ceiling: telemetry reads slow down, periodic read-back checks become rare.</summary>
    Conserve,

    /// <summary>The month is heading past the ceiling: no telemetry or periodic read-back; tariff writes only.</summary>
    Essential,

    /// <summary>The ceiling is reached: only restoring the user's own settings.</summary>
    Exhausted,
}

/// <summary>
/// The state of one site's Tesla API spending this month and what it allows.
/// The projection extrapolates the month so far at its average rate to the whole month.
/// </summary>
public sealed record ApiBudget(
    ApiPriceList PriceList,
    decimal MonthlyCeiling,
    ApiCallCounts Today,
    ApiCallCounts ThisMonth,
    decimal MonthToDateCost,
    decimal ProjectedMonthlyCost,
    BudgetLevel Level)
{
    /// <summary>The share of the ceiling above which reads slow down.</summary>
    public const decimal ConserveShare = 0.8m;

    /// <summary>How much slower telemetry samples while conserving.</summary>
    public const int ConserveSlowdown = 4;

    /// <param name="monthlyCeiling">The most the user will pay per month after the credit ($); 0 = stay within the free credit.</param>
    public static ApiBudget Assess(ApiPriceList priceList, decimal monthlyCeiling, ApiCallCounts today, ApiCallCounts thisMonth, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(priceList);
        ArgumentNullException.ThrowIfNull(thisMonth);
        var monthStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var monthLength = monthStart.AddMonths(1) - monthStart;
        // At least an hour in, so a call at one minute past midnight does not project thousands.
        var elapsed = TimeSpan.FromTicks(Math.Max((now - monthStart).Ticks, TimeSpan.FromHours(1).Ticks));

        var grossSoFar = priceList.CostOf(thisMonth);
        var projectedGross = grossSoFar * (decimal)(monthLength / elapsed);
        var monthToDate = Math.Max(0m, grossSoFar - priceList.MonthlyCredit);
        var projected = Math.Max(0m, projectedGross - priceList.MonthlyCredit);

        // The ceiling is what may be paid beyond the credit; the budget allows credit + ceiling in gross calls.
        var allowance = priceList.MonthlyCredit + monthlyCeiling;
        var level = priceList.PerDataRead == 0m && priceList.PerCommand == 0m ? BudgetLevel.Normal
            : grossSoFar >= allowance ? BudgetLevel.Exhausted
            : projectedGross >= allowance ? BudgetLevel.Essential
            : projectedGross >= allowance * ConserveShare ? BudgetLevel.Conserve
            : BudgetLevel.Normal;

        return new ApiBudget(priceList, monthlyCeiling, today, thisMonth, Round(monthToDate), Round(projected), level);
    }

    /// <summary>Whether a call made for <paramref name="purpose"/> may go ahead now.</summary>
    public bool Allows(TeslaCallPurpose purpose) => purpose switch
    {
        TeslaCallPurpose.SafetyRestore => true,
        TeslaCallPurpose.TariffWrite => Level != BudgetLevel.Exhausted,
        TeslaCallPurpose.ReadBack => Level is BudgetLevel.Normal or BudgetLevel.Conserve,
        _ => Level is BudgetLevel.Normal or BudgetLevel.Conserve,
    };

    /// <summary>How often telemetry should sample, given how often it would like to: never faster than the provider allows.</summary>
    public TimeSpan TelemetryInterval(TimeSpan wanted) => Level switch
    {
        BudgetLevel.Normal => Max(wanted, PriceList.MinimumReadInterval),
        BudgetLevel.Conserve => Max(wanted * ConserveSlowdown, PriceList.MinimumReadInterval),
        _ => Timeout.InfiniteTimeSpan,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static decimal Round(decimal dollars) => Math.Round(dollars, 2, MidpointRounding.AwayFromZero);
}
