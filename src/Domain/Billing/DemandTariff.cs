using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// A network demand tariff and the fixed charges that go with it (SPEC §6): named demand windows
/// (peak, shoulder, off-peak…) with a $/kW rate each, the billing-cycle day, the daily supply
/// charge and a monthly fixed charge. Check it with <see cref="DemandTariffValidator"/>.
/// </summary>
/// <remarks>
/// Amounts are $ incl. GST. Windows are local wall-clock times, like every tariff window in the
/// system (<see cref="WeeklyTimeWindow"/>): on a DST day they keep their clock times. Lists compare
/// by reference.
/// </remarks>
public sealed record DemandTariff
{
    /// <summary>The charged windows; a half-hour in none of them is not charged for demand.</summary>
    public IReadOnlyList<DemandWindow> Windows { get; init; } = [];

    /// <summary>What the windows' <see cref="DemandWindow.RatePerKw"/> is per.</summary>
    public DemandRateBasis RateBasis { get; init; } = DemandRateBasis.PerBillingCycle;

    /// <summary>The day of the month cycles start on, 1–31 (see <see cref="BillingCycle"/>).</summary>
    public int BillingCycleDay { get; init; } = 1;

    /// <summary>The supply charge, $ per day.</summary>
    public decimal DailySupplyCharge { get; init; }

    /// <summary>A fixed fee, $ per billing cycle (a retailer's monthly membership, say).</summary>
    public decimal MonthlyFixedCharge { get; init; }

    /// <summary>The window a local half-hour is charged in; null when none (validated windows do not overlap).</summary>
    public DemandWindow? WindowOf(LocalHalfHour halfHour) => Windows.FirstOrDefault(window => window.Contains(halfHour));
}

/// <summary>
/// One charged window: when it applies (one or more local time ranges on days of the week; a range
/// over midnight belongs to the day it opens on) and its rate. Times must be on the half-hour,
/// because demand is measured in local half-hour blocks.
/// </summary>
public sealed record DemandWindow
{
    /// <summary>"Peak", "Shoulder", "Off-peak"…; unique within a tariff.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<WeeklyTimeWindow> Times { get; init; } = [];

    /// <summary>$ per kW of the cycle's peak demand in this window, per <see cref="DemandTariff.RateBasis"/>.</summary>
    public decimal RatePerKw { get; init; }

    /// <summary>Whether a local half-hour (judged on its start) is in this window.</summary>
    public bool Contains(LocalHalfHour halfHour) => Times.Any(time => time.Contains(halfHour));
}

/// <summary>
/// What a demand rate is per. Australian networks publish both: a rate per kW per month, and a
/// rate per kW per day. Either way the kW is the billing cycle's peak in the window (networks
/// charge the cycle's highest 30-minute demand, not each day's).
/// </summary>
public enum DemandRateBasis
{
    /// <summary>$ per kW per billing cycle ("per month"): the charge is peak kW × rate.</summary>
    PerBillingCycle,

    /// <summary>$ per kW per day ("c/kW/day" tariffs): the charge is peak kW × rate × days in the cycle.</summary>
    PerDay,
}
