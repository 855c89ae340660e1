using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>TariffSync finished a sync attempt for a site (uploaded, skipped or failed).</summary>
public sealed record TariffSynced : IntegrationEvent
{
    /// <summary><c>succeeded</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why it failed or was skipped; null when it succeeded.</summary>
    public string? Reason { get; init; }
}
