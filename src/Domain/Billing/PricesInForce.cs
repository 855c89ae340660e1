using System.Globalization;
using TeslaSync.Domain.Prices;

namespace TeslaSync.Domain.Billing;

/// <summary>
/// Which general and feed-in price was in force at each moment, chosen from everything stored
/// (actuals, the current interval, forecasts; 5- and 30-minute resolutions; several snapshots).
/// </summary>
/// <remarks>
/// <para>Where several prices cover a moment, the one in force is, in order of preference:</para>
/// <list type="number">
/// <item>the most settled: <see cref="IntervalKind.Actual"/>, then <see cref="IntervalKind.Current"/>,
/// then <see cref="IntervalKind.Forecast"/> — a settled 30-minute price is what was charged, while a
/// 5-minute forecast for a moment already past is only what was expected;</item>
/// <item>the finest: a 5-minute price over a 30-minute one, because a 5-minute-settled site pays
/// the 5-minute price (Amber's 30-minute price is the mean of its six 5-minute prices);</item>
/// <item>the one given last, so a caller passing prices in the order they were received gets
/// the latest correction.</item>
/// </list>
/// <para>The choice is made per moment, so a half-hour with 5-minute actuals for its first ten
/// minutes and only a 30-minute forecast for the rest uses each where it applies. The
/// controlled-load channel is not metered by the Powerwall and is ignored. Prices are used as
/// <see cref="PriceInterval.PerKwh"/> (what Amber charges), never the advanced forecast band.</para>
/// </remarks>
public sealed class PricesInForce
{
    private readonly Timeline general;
    private readonly Timeline feedIn;

    public PricesInForce(IEnumerable<PriceInterval> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var all = prices.ToList();
        foreach (var price in all)
        {
            ArgumentNullException.ThrowIfNull(price, nameof(prices));
            if (price.End <= price.Start)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The {price.Channel} price {price.Start:O}–{price.End:O} does not end after it starts."),
                    nameof(prices));
            }
        }

        general = new Timeline(all, PriceChannel.General);
        feedIn = new Timeline(all, PriceChannel.FeedIn);
    }

    /// <summary>The general (import) price in force at an instant; null when none covers it.</summary>
    public PriceInterval? GeneralAt(DateTimeOffset instant) => general.At(instant);

    /// <summary>The feed-in price in force at an instant (Amber's sign: negative = paid to export); null when none covers it.</summary>
    public PriceInterval? FeedInAt(DateTimeOffset instant) => feedIn.At(instant);

    /// <summary>Consecutive stretches of [from, to) with the price in force in each (null where there is none).</summary>
    internal IEnumerable<PricedStretch> Over(PriceChannel channel, DateTimeOffset from, DateTimeOffset to) =>
        (channel == PriceChannel.FeedIn ? feedIn : general).Over(from, to);

    /// <summary>True for a price that may still change: not yet settled, or flagged by Amber as an estimate.</summary>
    internal static bool IsProvisional(PriceInterval price) => price.Kind != IntervalKind.Actual || price.Estimate;

    internal readonly record struct PricedStretch(DateTimeOffset From, DateTimeOffset To, PriceInterval? Price);

    /// <summary>One channel's prices flattened into non-overlapping pieces, each with the price in force.</summary>
    private sealed class Timeline
    {
        private readonly List<PricedStretch> pieces = [];

        public Timeline(List<PriceInterval> prices, PriceChannel channel)
        {
            // Sweep over every boundary: between two consecutive boundaries the set of covering
            // prices cannot change, so one choice holds for the whole segment.
            var candidates = prices
                .Select((price, order) => (Price: price, Order: order))
                .Where(entry => entry.Price.Channel == channel)
                .OrderBy(entry => entry.Price.Start)
                .ToList();
            var boundaries = candidates
                .SelectMany(entry => new[] { entry.Price.Start, entry.Price.End })
                .Distinct()
                .Order()
                .ToList();

            var active = new List<(PriceInterval Price, int Order)>();
            var next = 0;
            for (var b = 0; b + 1 < boundaries.Count; b++)
            {
                var (from, to) = (boundaries[b], boundaries[b + 1]);
                while (next < candidates.Count && candidates[next].Price.Start <= from)
                {
                    active.Add(candidates[next++]);
                }

                active.RemoveAll(entry => entry.Price.End <= from);
                if (active.Count == 0)
                {
                    continue;
                }

                var best = active[0];
                foreach (var entry in active)
                {
                    if (Preferred(entry, best))
                    {
                        best = entry;
                    }
                }

                if (pieces.Count > 0 && pieces[^1].To == from && ReferenceEquals(pieces[^1].Price, best.Price))
                {
                    pieces[^1] = pieces[^1] with { To = to };
                }
                else
                {
                    pieces.Add(new PricedStretch(from, to, best.Price));
                }
            }
        }

        public PriceInterval? At(DateTimeOffset instant)
        {
            var index = FirstEndingAfter(instant);
            return index < pieces.Count && pieces[index].From <= instant ? pieces[index].Price : null;
        }

        public IEnumerable<PricedStretch> Over(DateTimeOffset from, DateTimeOffset to)
        {
            var at = from;
            for (var index = FirstEndingAfter(from); index < pieces.Count && pieces[index].From < to; index++)
            {
                var piece = pieces[index];
                if (piece.From > at)
                {
                    yield return new PricedStretch(at, piece.From, null);
                    at = piece.From;
                }

                var end = piece.To < to ? piece.To : to;
                yield return new PricedStretch(at, end, piece.Price);
                at = end;
            }

            if (at < to)
            {
                yield return new PricedStretch(at, to, null);
            }
        }

        private static bool Preferred((PriceInterval Price, int Order) candidate, (PriceInterval Price, int Order) current)
        {
            var byKind = Rank(candidate.Price.Kind).CompareTo(Rank(current.Price.Kind));
            if (byKind != 0)
            {
                return byKind < 0;
            }

            var byResolution = candidate.Price.Duration.CompareTo(current.Price.Duration);
            return byResolution != 0 ? byResolution < 0 : candidate.Order > current.Order;
        }

        private static int Rank(IntervalKind kind) => kind switch
        {
            IntervalKind.Actual => 0,
            IntervalKind.Current => 1,
            _ => 2,
        };

        /// <summary>The index of the first piece that ends after <paramref name="instant"/> (binary search).</summary>
        private int FirstEndingAfter(DateTimeOffset instant)
        {
            var (low, high) = (0, pieces.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (pieces[middle].To <= instant)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
