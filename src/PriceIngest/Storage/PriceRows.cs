using TeslaSync.Domain.Prices;

namespace TeslaSync.PriceIngest.Storage;

/// <summary>
/// One price set as received from Amber. Kept whole because Amber itself keeps only actuals:
/// a backtest needs the forecast that was known when a decision was made.
/// </summary>
public sealed class PriceSnapshotRow
{
    public long Id { get; set; }

    public required string SiteId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public required string ContentHash { get; set; }

    /// <summary>Whether this set was published on the bus (a repeat of the previous content is not).</summary>
    public bool Published { get; set; }

    public List<PriceIntervalRow> Intervals { get; set; } = [];
}

/// <summary>One interval of one channel within a snapshot, in $/kWh (Amber's sign on feed-in).</summary>
public sealed class PriceIntervalRow
{
    public long Id { get; set; }

    public long SnapshotId { get; set; }

    public PriceChannel Channel { get; set; }

    public IntervalKind Kind { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public decimal PerKwh { get; set; }

    public decimal SpotPerKwh { get; set; }

    public SpikeStatus SpikeStatus { get; set; }

    public required string Descriptor { get; set; }

    public double Renewables { get; set; }

    public bool Estimate { get; set; }

    public decimal? AdvancedLow { get; set; }

    public decimal? AdvancedPredicted { get; set; }

    public decimal? AdvancedHigh { get; set; }

    public string? TariffPeriod { get; set; }

    public static PriceIntervalRow From(PriceInterval interval) => new()
    {
        Channel = interval.Channel,
        Kind = interval.Kind,
        Start = interval.Start,
        End = interval.End,
        PerKwh = interval.PerKwh,
        SpotPerKwh = interval.SpotPerKwh,
        SpikeStatus = interval.SpikeStatus,
        Descriptor = interval.Descriptor,
        Renewables = interval.Renewables,
        Estimate = interval.Estimate,
        AdvancedLow = interval.AdvancedPrice?.Low,
        AdvancedPredicted = interval.AdvancedPrice?.Predicted,
        AdvancedHigh = interval.AdvancedPrice?.High,
        TariffPeriod = interval.TariffPeriod,
    };

    public PriceInterval ToDomain() => new(
        Channel,
        Kind,
        Start,
        End,
        PerKwh,
        SpotPerKwh,
        SpikeStatus,
        Descriptor,
        Renewables,
        Estimate,
        AdvancedPredicted is { } predicted ? new PriceBand(AdvancedLow ?? predicted, predicted, AdvancedHigh ?? predicted) : null,
        TariffPeriod);
}
