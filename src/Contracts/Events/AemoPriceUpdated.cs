using System.Text.Json.Serialization;
using TeslaSync.Domain.Sites;
using TeslaSync.EventBus;

namespace TeslaSync.Contracts.Events;

/// <summary>
/// PriceIngest has a new AEMO dispatch price for the site's NEM region: a new 5-minute interval, or a
/// changed value for the newest one (a provisional price replaced by the firm one). Published at most
/// once per interval and value, and never for an interval older than one already published, so a
/// consumer (GridEvents' spike decision) can act on every event it receives.
/// </summary>
public sealed record AemoPriceUpdated : IntegrationEvent
{
    /// <summary>The site's region; written as its AEMO id (<c>SA1</c>), not a number.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<NemRegion>))]
    public required NemRegion Region { get; init; }

    /// <summary>End of the dispatch interval (AEMO's SETTLEMENTDATE), UTC.</summary>
    public required DateTimeOffset IntervalEnd { get; init; }

    /// <summary>Regional reference price in AEMO's unit, $/MWh excluding GST (may be negative).</summary>
    public required decimal RrpPerMwh { get; init; }

    /// <summary>False while AEMO still marks the price as provisional.</summary>
    public required bool Firm { get; init; }

    /// <summary>Which AEMO feed the price came from.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<AemoPriceSource>))]
    public required AemoPriceSource Source { get; init; }

    /// <summary>When PriceIngest received the price.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>The AEMO feed a price was read from.</summary>
public enum AemoPriceSource
{
    /// <summary>The <c>ELEC_NEM_SUMMARY</c> JSON of visualisations.aemo.com.au (first choice).</summary>
    Json = 1,

    /// <summary>A NEMWeb <c>PUBLIC_DISPATCHIS</c> CSV (used when the JSON fails or is stale).</summary>
    NemWeb = 2,
}
