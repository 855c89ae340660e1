using System.Text.Json.Nodes;
using TeslaSync.Integrations.Tesla;
using TeslaSync.TariffSync.Sync;

namespace TeslaSync.TariffSync.Overrides;

/// <summary>
/// Carries out one <see cref="OverrideStep"/> on the Powerwall. Tariffs go through
/// <see cref="PowerwallTariffWriter"/> (upload + read-back), like every price sync; the other
/// settings are single Tesla commands whose 201 is the confirmation.
/// </summary>
internal sealed class PowerwallSettingWriter(PowerwallTariffWriter tariffs, ITeslaEnergyClient tesla)
{
    /// <summary>Writes the step; false when a tariff did not read back as sent. Tesla and transport failures propagate.</summary>
    public async Task<bool> WriteAsync(long energySiteId, OverrideStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        switch (step.Setting)
        {
            case ControlledSetting.Tariff:
                var document = JsonNode.Parse(step.Value)!.AsObject();
                var held = await tariffs.WriteAndReadBackAsync(energySiteId, document, cancellationToken);
                return PowerwallTariffWriter.Holds(document, held);
            case ControlledSetting.OperationMode:
                await tesla.SetOperationModeAsync(energySiteId, SettingValues.ParseMode(step.Value), cancellationToken);
                return true;
            case ControlledSetting.BackupReserve:
                await tesla.SetBackupReserveAsync(energySiteId, SettingValues.ParseReserve(step.Value), cancellationToken);
                return true;
            case ControlledSetting.ExportRule:
                // Grid charging is left out of the body, so Tesla leaves it as it is.
                await tesla.SetGridImportExportAsync(energySiteId, SettingValues.ParseExportRule(step.Value), null, cancellationToken);
                return true;
            case ControlledSetting.GridCharging:
                await tesla.SetGridImportExportAsync(energySiteId, null, !SettingValues.ParseGridChargingAllowed(step.Value), cancellationToken);
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Setting, "Unknown setting.");
        }
    }
}
