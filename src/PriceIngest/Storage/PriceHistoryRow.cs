using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>
/// The latest known price of one interval of one channel: the settled (actual) price once there
/// is one, until then the newest forecast. Prices are stored as whole micro-dollars per kWh so
/// that SQLite can aggregate them exactly (it has no decimal type).
/// </summary>
public sealed class PriceHistoryRow
{
    public const decimal MicrosPerDollar = 1_000_000m;

    public required string SiteId { get; set; }

    public PriceChannel Channel { get; set; }

    public DateTimeOffset Start { get; set; }

    public int DurationMinutes { get; set; }

    public IntervalKind Kind { get; set; }

    /// <summary>$/kWh × 10⁶, Amber's sign on feed-in (negative = paid).</summary>
    public long PerKwhMicros { get; set; }

    public long SpotPerKwhMicros { get; set; }

    public SpikeStatus SpikeStatus { get; set; }

    public required string Descriptor { get; set; }

    public double Renewables { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public static long ToMicros(decimal dollarsPerKwh) => (long)Math.Round(dollarsPerKwh * MicrosPerDollar, MidpointRounding.AwayFromZero);

    public static decimal FromMicros(long micros) => micros / MicrosPerDollar;
}

/// <summary>The Amber site the user chose for a TeslaSync site.</summary>
public sealed class SiteChoiceRow
{
    public required string SiteId { get; set; }

    public required string AmberSiteId { get; set; }

    public DateTimeOffset ChosenAt { get; set; }
}
