using TeslaSync.Contracts.Events;
using TeslaSync.Domain.Sites;

namespace TeslaSync.PriceIngest.Aemo.Storage;

/// <summary>
/// One region's price for one 5-minute interval: the latest value received (a provisional value is
/// replaced by the firm one). The price is kept as an integer of millionths of a $/MWh so that SQLite
/// compares, orders and takes maxima natively (EF stores decimal as text there); AEMO's own schema
/// holds RRP as NUMBER(15,5), so nothing is lost.
/// </summary>
public sealed class AemoPriceRow
{
    public long Id { get; set; }

    public NemRegion Region { get; set; }

    /// <summary>AEMO's SETTLEMENTDATE (interval end), UTC.</summary>
    public DateTimeOffset IntervalEnd { get; set; }

    /// <summary>The NEM calendar day the interval belongs to (its start, in UTC+10): the interval ending 00:00 closes the previous day.</summary>
    public DateOnly NemDate { get; set; }

    public long RrpMicros { get; set; }

    public bool Firm { get; set; }

    public AemoPriceSource Source { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>What was last published for a site's region, so the same interval and value are never published twice, even across restarts.</summary>
public sealed class AemoPublicationRow
{
    public required string SiteId { get; set; }

    public NemRegion Region { get; set; }

    public DateTimeOffset IntervalEnd { get; set; }

    public long RrpMicros { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>Conversions between AEMO's units and the stored forms.</summary>
internal static class AemoStorageUnits
{
    private const decimal MicrosPerDollar = 1_000_000m;
    private static readonly TimeSpan NemOffset = TimeSpan.FromHours(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public static long ToMicros(decimal rrpPerMwh) => decimal.ToInt64(decimal.Round(rrpPerMwh * MicrosPerDollar, MidpointRounding.AwayFromZero));

    public static decimal FromMicros(long micros) => micros / MicrosPerDollar;

    public static DateOnly NemDateOf(DateTimeOffset intervalEnd) => DateOnly.FromDateTime((intervalEnd - Interval).ToOffset(NemOffset).DateTime);

    /// <summary>The first instant of a NEM day, UTC (00:00 UTC+10).</summary>
    public static DateTimeOffset StartOf(DateOnly nemDate) => new DateTimeOffset(nemDate.ToDateTime(TimeOnly.MinValue), NemOffset).ToUniversalTime();
}
