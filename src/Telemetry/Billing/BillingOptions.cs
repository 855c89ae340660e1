using Microsoft.Extensions.Options;
using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Telemetry.Billing;

/// <summary>
/// The network's demand tariff and the bill's fixed parts (SPEC §6), bound from <c>Billing</c>.
/// By default there are no demand windows (no demand charge), cycles start on the 1st, and supply
/// and fixed charges are 0. Times are the site's wall-clock times.
/// </summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>The demand windows (peak, shoulder…); none means no demand charge.</summary>
    public List<DemandWindowSetting> DemandWindows { get; set; } = [];

    /// <summary>Whether each window's rate is per kW per billing cycle or per kW per day.</summary>
    public DemandRateBasis RateBasis { get; set; } = DemandRateBasis.PerBillingCycle;

    /// <summary>The day of the month billing cycles start on (1–31; beyond a month's length means its last day).</summary>
    public int BillingCycleDay { get; set; } = 1;

    /// <summary>$ per day.</summary>
    public decimal DailySupplyCharge { get; set; }

    /// <summary>$ per billing cycle.</summary>
    public decimal MonthlyFixedCharge { get; set; }

    public DemandTariff ToTariff() => new()
    {
        Windows = [.. DemandWindows.Select(window => window.ToWindow())],
        RateBasis = RateBasis,
        BillingCycleDay = BillingCycleDay,
        DailySupplyCharge = DailySupplyCharge,
        MonthlyFixedCharge = MonthlyFixedCharge,
    };
}

/// <summary>One demand window, bound the way GridEvents' demand window is.</summary>
public sealed class DemandWindowSetting
{
    public string Name { get; set; } = string.Empty;

    /// <summary>When the window opens, local time ("16:00"), on the half-hour.</summary>
    public TimeOnly Start { get; set; }

    /// <summary>When it closes ("21:00"); before <see cref="Start"/> = over midnight; 00:00–00:00 = all day.</summary>
    public TimeOnly End { get; set; }

    /// <summary><c>Weekdays</c>, <c>Weekend</c>, <c>All</c> or a list such as <c>Monday,Tuesday</c>.</summary>
    public DaysOfWeek Days { get; set; } = DaysOfWeek.Weekdays;

    /// <summary>$ per kW of the window's peak, per cycle or per day as <see cref="BillingOptions.RateBasis"/> says.</summary>
    public decimal RatePerKw { get; set; }

    internal Domain.Billing.DemandWindow ToWindow() => new()
    {
        Name = Name,
        Times = [new WeeklyTimeWindow(new LocalTimeWindow(Start, End), Days)],
        RatePerKw = RatePerKw,
    };
}

/// <summary>Checks <see cref="BillingOptions"/> at start with the domain's own messages.</summary>
internal sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = DemandTariffValidator.Validate(options.ToTariff());
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(problem => $"{BillingOptions.SectionName}: {problem}"));
    }
}
