namespace TeslaSync.Domain.Tariffs;

/// <summary>Which of Amber's forecast figures stands for a future interval's price.</summary>
public enum ForecastChoice
{
    Low,
    Predicted,
    High,
}

/// <summary>
/// The user's choices for turning Amber prices into a Tesla tariff (SPEC §2 "Conversion rules").
/// Every default is the SPEC's; every rule that changes what the Powerwall does on its own
/// initiative (spike protection, export boost, chip mode, demand window) is off until chosen.
/// All money is in $ (rates $/kWh, demand $/kW, supply $/day).
/// </summary>
public sealed record TariffBuildOptions
{
    /// <summary>Rule 2: which forecast figure prices Current/Forecast intervals (falling back to perKwh).</summary>
    public ForecastChoice Forecast { get; init; } = ForecastChoice.Predicted;

    /// <summary>
    /// Rule 5: more missing buy+sell values than this (of 96) and nothing is uploaded: an outage once
    /// pushed $0 feed-in everywhere and made a Powerwall grid-charge to 100 %.
    /// </summary>
    public int MaxMissingValues { get; init; } = 10;

    /// <summary>Rule 6: raise a slot's buy rate to its sell rate (Tesla has been reported to require buy ≥ sell).</summary>
    public bool RaiseBuyToSell { get; init; } = true;

    /// <summary>Rule 7: keep the Powerwall from grid-charging into a flagged spike. Off by default.</summary>
    public SpikeProtectionOptions SpikeProtection { get; init; } = new();

    /// <summary>Rule 8: make exports more attractive inside a window. Off by default.</summary>
    public ExportBoostOptions ExportBoost { get; init; } = new();

    /// <summary>Rule 8: keep the battery for the home overnight unless export pays well. Off by default.</summary>
    public ChipModeOptions ChipMode { get; init; } = new();

    /// <summary>Rule 8: make importing look dearer inside the network's demand window. Off by default.</summary>
    public DemandWindowOptions DemandWindow { get; init; } = new();

    /// <summary>Demand charges ($/kW) by local window; a slot in none of them carries 0.</summary>
    public IReadOnlyList<DemandChargeWindow> DemandCharges { get; init; } = [];

    /// <summary>The daily supply charge, $/day, passed through to the tariff's fixed charges.</summary>
    public decimal DailySupplyCharge { get; init; }

    /// <summary>A monthly fee, $/month, passed through to the tariff's fixed charges.</summary>
    public decimal MonthlyCharge { get; init; }

    /// <summary>Throws when a setting cannot be meant: a negative count, charge, margin, premium or boost.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(SpikeProtection);
        ArgumentNullException.ThrowIfNull(ExportBoost);
        ArgumentNullException.ThrowIfNull(ChipMode);
        ArgumentNullException.ThrowIfNull(DemandWindow);
        ArgumentNullException.ThrowIfNull(DemandCharges);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxMissingValues);
        ArgumentOutOfRangeException.ThrowIfNegative(SpikeProtection.MarginPerKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(DemandWindow.BuyPremiumPerKwh);
        // A boost that lowers a sell rate is not a boost (and could push it below zero).
        ArgumentOutOfRangeException.ThrowIfNegative(ExportBoost.OffsetPerKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(ExportBoost.MinimumPerKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(DailySupplyCharge);
        ArgumentOutOfRangeException.ThrowIfNegative(MonthlyCharge);
        foreach (var charge in DemandCharges)
        {
            ArgumentNullException.ThrowIfNull(charge);
            ArgumentOutOfRangeException.ThrowIfNegative(charge.RatePerKw);
        }
    }
}

/// <summary>
/// Rule 7. When Amber flags a general interval <c>potential</c> or <c>spike</c>, the slot's buy rate
/// is raised to the highest sell rate anywhere in the tariff plus <see cref="MarginPerKwh"/>, so
/// grid-charging in that slot can never pay off against any export.
/// </summary>
public sealed record SpikeProtectionOptions
{
    public bool Enabled { get; init; }

    public decimal MarginPerKwh { get; init; } = 1.00m;
}

/// <summary>
/// Rule 8, export boost: inside <see cref="Window"/>, a sell rate at or above
/// <see cref="ThresholdPerKwh"/> becomes max(sell + <see cref="OffsetPerKwh"/>, <see cref="MinimumPerKwh"/>).
/// Defaults follow the tool users came from: 17:00–21:00, threshold, offset and minimum 0.
/// </summary>
public sealed record ExportBoostOptions
{
    public bool Enabled { get; init; }

    public LocalTimeWindow Window { get; init; } = new(new TimeOnly(17, 0), new TimeOnly(21, 0));

    public decimal ThresholdPerKwh { get; init; }

    public decimal OffsetPerKwh { get; init; }

    public decimal MinimumPerKwh { get; init; }
}

/// <summary>
/// Rule 8, chip mode: inside <see cref="Window"/> (default 22:00–06:00), a sell rate below
/// <see cref="ThresholdPerKwh"/> (default $0.30) becomes 0 so the Powerwall keeps its charge for
/// the house; judged on the price before any export boost.
/// </summary>
public sealed record ChipModeOptions
{
    public bool Enabled { get; init; }

    public LocalTimeWindow Window { get; init; } = new(new TimeOnly(22, 0), new TimeOnly(6, 0));

    public decimal ThresholdPerKwh { get; init; } = 0.30m;
}

/// <summary>
/// Rule 8, demand window: inside the window (on its days) the buy rate carries an artificial
/// <see cref="BuyPremiumPerKwh"/> so the Powerwall avoids importing while the network measures
/// peak demand. Our own records keep the true price.
/// </summary>
public sealed record DemandWindowOptions
{
    public bool Enabled { get; init; }

    /// <summary>Default: the usual network peak, weekdays 16:00–21:00.</summary>
    public WeeklyTimeWindow Window { get; init; } =
        new(new LocalTimeWindow(new TimeOnly(16, 0), new TimeOnly(21, 0)), DaysOfWeek.Weekdays);

    public decimal BuyPremiumPerKwh { get; init; }
}

/// <summary>A demand charge ($/kW) for the slots inside a local window on some days.</summary>
public sealed record DemandChargeWindow(WeeklyTimeWindow Window, decimal RatePerKw);
