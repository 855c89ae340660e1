namespace TeslaSync.TariffSync.Overrides;

/// <summary>How override tariffs are priced and how often pending work is retried, bound from <c>TariffOverrides</c>.</summary>
public sealed class TariffOverrideOptions
{
    public const string SectionName = "TariffOverrides";

    /// <summary>Sell rate in the spike window when the caller gives none, $/kWh.</summary>
    public decimal SpikeSellPerKwh { get; set; } = 1.00m;

    /// <summary>Sell rate in a force-discharge window when the caller gives none, $/kWh.</summary>
    public decimal ForceDischargeSellPerKwh { get; set; } = 1.00m;

    /// <summary>
    /// Buy is the highest sell plus this everywhere in an export tariff, so the Powerwall never
    /// buys from the grid to export (SPEC §2 rule 7 uses +$1 for the same purpose).
    /// </summary>
    public decimal BuyAboveSellPerKwh { get; set; } = 1.00m;

    /// <summary>Buy rate inside a force-charge window, $/kWh (Tesla accepts no negative rates).</summary>
    public decimal ForceChargeBuyPerKwh { get; set; }

    /// <summary>Buy rate outside a force-charge window, $/kWh: high, so charging now is the cheapest choice.</summary>
    public decimal ForceChargeOutsideBuyPerKwh { get; set; } = 1.00m;

    /// <summary>How often expiries are checked and failed writes (a pending restore) retried. SPEC §3: every minute.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}
