namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// One more Powerwall on the deployment's prices (<c>TariffSync:AdditionalSites:N</c>). Its tariff is
/// built from the same prices in its own time zone, uploaded, read back, logged and budgeted under
/// <see cref="Id"/>, exactly as the deployment's own site is.
/// </summary>
public sealed class AdditionalSite
{
    /// <summary>Our own name for the site, used in the sync log, the API budget and the events (not Tesla's id).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Tesla's id of its energy site, on the same Tesla account as the deployment's site.</summary>
    public long EnergySiteId { get; set; }

    /// <summary>IANA time zone of its tariff; when empty, the one the Powerwall reports.</summary>
    public string? TimeZone { get; set; }
}
