namespace TeslaSync.Domain.Prices;

/// <summary>Which meter channel a price belongs to (Amber's <c>channelType</c>).</summary>
public enum PriceChannel
{
    General,
    ControlledLoad,
    FeedIn,
}

/// <summary>Whether a price is settled, the interval now running, or a forecast.</summary>
public enum IntervalKind
{
    Actual,
    Current,
    Forecast,
}

/// <summary>Amber's spike flag for an interval.</summary>
public enum SpikeStatus
{
    None,
    Potential,
    Spike,
}

/// <summary>Amber's forecast band for an interval, in $/kWh.</summary>
public sealed record PriceBand(decimal Low, decimal Predicted, decimal High);

/// <summary>
/// One priced interval of one channel, in the system's own units: $/kWh including GST,
/// UTC times with <see cref="Start"/> on the interval boundary (Amber labels intervals by
/// their end and starts them one second after the boundary; that is undone at the edge).
/// </summary>
/// <remarks>
/// <see cref="PerKwh"/> keeps Amber's sign convention: on the feed-in channel it is the
/// customer's cost, so a negative value means the customer is paid to export.
/// </remarks>
public sealed record PriceInterval(
    PriceChannel Channel,
    IntervalKind Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    decimal PerKwh,
    decimal SpotPerKwh,
    SpikeStatus SpikeStatus,
    string Descriptor,
    double Renewables,
    bool Estimate = false,
    PriceBand? AdvancedPrice = null,
    string? TariffPeriod = null)
{
    public TimeSpan Duration => End - Start;
}
