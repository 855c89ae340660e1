namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// Tells the price sync whether an override (spike tariff, force charge or discharge) currently
/// owns the Powerwall's tariff, so that two writers never fight over it: while one does, new
/// Amber prices are not uploaded.
/// </summary>
public interface ITariffOverrideGuard
{
    /// <summary>The name of the override holding the tariff, or null when none does.</summary>
    Task<string?> TariffOwnerAsync(string siteId, CancellationToken cancellationToken);
}
