namespace TeslaSync.Integrations.Tesla;

/// <summary>Chooses the energy site to work with, never silently the first of several.</summary>
public static class EnergySiteSelection
{
    /// <summary>
    /// The configured site, or else the account's only site with a battery.
    /// </summary>
    /// <exception cref="EnergySiteSelectionException">No battery site, or several and none configured.</exception>
    /// <param name="settingName">The setting that names the site, quoted to the user when a choice is needed.</param>
    public static async Task<long> ChooseAsync(ITeslaEnergyClient tesla, long? configured, string settingName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tesla);
        if (configured is { } energySiteId)
        {
            return energySiteId;
        }

        var batteries = (await tesla.GetProductsAsync(cancellationToken)).Where(p => p.HasBattery == true).ToList();
        return batteries.Count switch
        {
            1 => batteries[0].EnergySiteId,
            0 => throw new EnergySiteSelectionException("The Tesla account has no energy site with a battery."),
            _ => throw new EnergySiteSelectionException(
                $"The Tesla account has {batteries.Count} battery sites; choose one in settings ({settingName})."),
        };
    }
}

/// <summary>Which energy site to use cannot be decided without the user.</summary>
public sealed class EnergySiteSelectionException(string message) : Exception(message);
