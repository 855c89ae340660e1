namespace TeslaSync.EventBus;

/// <summary>
/// An event one service publishes for others. Every event belongs to one site, so that one
/// deployment can run several sites and every consumer keys its state by site.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>Unique per event; consumers use it to ignore a delivery they have already handled.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The TeslaSync site the event is about.</summary>
    public required string SiteId { get; init; }

    /// <summary>When the publisher observed what the event reports.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
