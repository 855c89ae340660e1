using TeslaSync.Domain.Prices;

namespace TeslaSync.Integrations.Amber;

/// <summary>One Amber site (a metered connection point) as returned by <c>GET /sites</c>.</summary>
/// <param name="IntervalLengthMinutes">The site's billing interval (5 or 30), which is also the default price resolution; null on older API versions.</param>
public sealed record AmberSite(
    string Id,
    string Nmi,
    IReadOnlyList<AmberChannel> Channels,
    string? Network,
    AmberSiteStatus Status,
    DateOnly? ActiveFrom,
    DateOnly? ClosedOn,
    int? IntervalLengthMinutes);

/// <summary>A meter channel of a site, e.g. <c>E1</c> general or <c>B1</c> feed-in.</summary>
/// <param name="Type">Null when Amber reports a channel type this version does not know.</param>
public sealed record AmberChannel(string Identifier, PriceChannel? Type, string? Tariff);

/// <summary>Lifecycle of an Amber site.</summary>
public enum AmberSiteStatus
{
    /// <summary>A status value this version does not know.</summary>
    Unknown,
    Pending,
    Active,
    Closed,
}

/// <summary>Price resolution Amber can return; omit it to get the site's billing interval.</summary>
public enum AmberResolution
{
    FiveMinutes = 5,
    ThirtyMinutes = 30,
}
