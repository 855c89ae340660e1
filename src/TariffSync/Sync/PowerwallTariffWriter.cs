using System.Text.Json.Nodes;
using TeslaSync.Integrations.Tesla;

namespace TeslaSync.TariffSync.Sync;

/// <summary>
/// Sends a tariff to the Powerwall and reads it back. The one place a tariff is written, so that
/// every write is confirmed the same way.
/// </summary>
internal sealed class PowerwallTariffWriter(ITeslaEnergyClient tesla)
{
    /// <summary>Uploads <paramref name="document"/> and returns what the Powerwall holds afterwards (null when it reports none).</summary>
    public async Task<JsonObject?> WriteAndReadBackAsync(long energySiteId, JsonObject document, CancellationToken cancellationToken)
    {
        await tesla.SetTimeOfUseSettingsAsync(energySiteId, document, cancellationToken);
        return (await tesla.GetSiteInfoAsync(energySiteId, cancellationToken)).TariffContentV2;
    }

    /// <summary>The tariff the Powerwall holds now (null when it reports none).</summary>
    public async Task<JsonObject?> ReadAsync(long energySiteId, CancellationToken cancellationToken) =>
        (await tesla.GetSiteInfoAsync(energySiteId, cancellationToken)).TariffContentV2;

    /// <summary>
    /// Whether the Powerwall holds what was sent: the same seasons and periods and the same buy and
    /// sell rates. Names and other labels the Powerwall may rewrite are not compared.
    /// </summary>
    public static bool Holds(JsonObject sent, JsonObject? held) =>
        held is not null
        && JsonNode.DeepEquals(sent["seasons"], held["seasons"])
        && JsonNode.DeepEquals(sent["energy_charges"], held["energy_charges"])
        && JsonNode.DeepEquals(sent["sell_tariff"]?["energy_charges"], held["sell_tariff"]?["energy_charges"]);
}
