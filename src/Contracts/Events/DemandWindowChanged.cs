using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>GridEvents blocked grid charging for a site's demand window, or allowed it again (for the dashboard and Home Assistant).</summary>
public sealed record DemandWindowChanged : IntegrationEvent
{
    /// <summary>The window is open: grid charging is blocked.</summary>
    public required bool InWindow { get; init; }

    /// <summary>The window in the site's wall-clock time, e.g. "16:00–21:00 Monday to Friday".</summary>
    public required string Window { get; init; }

    public required string Reason { get; init; }

    /// <summary>TariffSync acknowledged the change (false: it is retried at the next check).</summary>
    public required bool Applied { get; init; }
}
