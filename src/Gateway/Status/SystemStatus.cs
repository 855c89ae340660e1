namespace TeslaSync.Gateway.Status;

/// <summary>What <c>GET /api/status</c> returns: prices now, the last sync, and each service's health.</summary>
public sealed record SystemStatus(
    string SiteId,
    bool DemoMode,
    DateTimeOffset GeneratedAt,
    PriceSummary? Prices,
    string? PricesError,
    LastSyncView? LastSync,
    string? LastSyncError,
    IReadOnlyDictionary<string, string> Services);

/// <summary>The current interval and the next few, as a person reads them.</summary>
/// <param name="ReceivedAt">When PriceIngest received these prices from Amber.</param>
public sealed record PriceSummary(DateTimeOffset ReceivedAt, PriceNow? Current, IReadOnlyList<PriceNow> Upcoming);

/// <summary>
/// One interval's prices in $/kWh incl. GST. <see cref="SellPerKwh"/> is what exporting earns
/// (Amber's feed-in price negated), so a negative value means exporting costs money.
/// </summary>
public sealed record PriceNow(
    DateTimeOffset Start,
    DateTimeOffset End,
    string Kind,
    decimal? BuyPerKwh,
    decimal? SellPerKwh,
    string? Descriptor,
    string? SpikeStatus,
    double? Renewables);

/// <summary>The outcome of the most recent tariff sync; <see cref="Reason"/> only when it did not succeed.</summary>
public sealed record LastSyncView(string Status, DateTimeOffset At, string? Reason, bool ReadBackMatched);
