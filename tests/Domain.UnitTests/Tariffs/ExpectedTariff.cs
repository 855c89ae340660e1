namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>What one window position of the tariff must be, worked out by the test on its own.</summary>
internal sealed record ExpectedPosition(
    DateOnly Date, int SlotIndex, decimal? ObservedBuy, decimal? ObservedSell, decimal TrueBuy, decimal TrueSell, bool Spike, decimal Buy, decimal Sell);

/// <summary>
/// An independent statement of SPEC §2 rules 1–7 for the golden tests, written straight from the
/// SPEC and the raw JSON with nothing from the production builder: start = nemTime − duration →
/// local time in the site zone → (local date, half-hour); the window is the 48 wall-clock
/// half-hours from the one holding now; mean of the points in each (perKwh, or
/// advancedPrice.predicted for Current/Forecast) / 100; sell = −feed-in; nearest-neighbour fill
/// (earlier on a tie); clamp; buy ≥ sell; optional spike protection; round to 4 decimals.
/// </summary>
/// <remarks>
/// A plain mean of points equals the builder's minute-weighted mean whenever the points of a
/// half-hour share one duration and do not overlap, which holds for every real capture used.
/// </remarks>
internal sealed class ExpectedTariff
{
    private ExpectedTariff(IReadOnlyList<ExpectedPosition> positions) => Positions = positions;

    public IReadOnlyList<ExpectedPosition> Positions { get; }

    public int Missing => Positions.Count(p => p.ObservedBuy is null) + Positions.Count(p => p.ObservedSell is null);

    public static ExpectedTariff From(IReadOnlyList<RawAmberInterval> raw, TimeZoneInfo zone, DateTimeOffset now, bool spikeProtection = false)
    {
        var nowLocal = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var firstSlot = (nowLocal.Hour * 2) + (nowLocal.Minute / 30);
        var keys = Enumerable.Range(0, 48)
            .Select(i => (Date: DateOnly.FromDateTime(nowLocal).AddDays((firstSlot + i) / 48), Slot: (firstSlot + i) % 48))
            .ToArray();

        var general = new Dictionary<(DateOnly, int), List<decimal>>();
        var feedIn = new Dictionary<(DateOnly, int), List<decimal>>();
        var spikes = new HashSet<(DateOnly, int)>();
        foreach (var interval in raw)
        {
            var start = interval.NemTime.AddMinutes(-interval.Duration);
            var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
            var key = (DateOnly.FromDateTime(local), (local.Hour * 2) + (local.Minute / 30));
            var cents = interval.IsActual ? interval.PerKwh : interval.AdvancedPredicted ?? interval.PerKwh;
            var bucket = interval.ChannelType switch
            {
                "general" => general,
                "feedIn" => feedIn,
                _ => null,
            };
            if (bucket is null)
            {
                continue;
            }

            if (!bucket.TryGetValue(key, out var list))
            {
                bucket[key] = list = [];
            }

            list.Add(cents / 100m);
            if (interval.ChannelType == "general" && interval.SpikeStatus is "spike" or "potential")
            {
                spikes.Add(key);
            }
        }

        var observedBuy = keys.Select(k => general.TryGetValue(k, out var l) ? l.Average() : (decimal?)null).ToArray();
        var observedSell = keys.Select(k => feedIn.TryGetValue(k, out var l) ? -l.Average() : (decimal?)null).ToArray();
        var trueBuy = NearestFill(observedBuy);
        var trueSell = NearestFill(observedSell);

        var buy = new decimal[48];
        var sell = new decimal[48];
        for (var p = 0; p < 48; p++)
        {
            sell[p] = Math.Max(0m, trueSell[p]);
            buy[p] = Math.Max(Math.Max(0m, trueBuy[p]), sell[p]);
        }

        if (spikeProtection)
        {
            var floor = sell.Max() + 1m;
            for (var p = 0; p < 48; p++)
            {
                if (spikes.Contains(keys[p]))
                {
                    buy[p] = Math.Max(buy[p], floor);
                }
            }
        }

        return new ExpectedTariff(Enumerable.Range(0, 48)
            .Select(p => new ExpectedPosition(
                keys[p].Date, keys[p].Slot, observedBuy[p], observedSell[p], trueBuy[p], trueSell[p], spikes.Contains(keys[p]),
                Math.Round(buy[p], 4, MidpointRounding.AwayFromZero),
                Math.Round(sell[p], 4, MidpointRounding.AwayFromZero)))
            .ToArray());
    }

    private static decimal[] NearestFill(decimal?[] values)
    {
        var filled = new decimal[values.Length];
        for (var p = 0; p < values.Length; p++)
        {
            if (values[p] is { } known)
            {
                filled[p] = known;
                continue;
            }

            for (var distance = 1; distance < values.Length; distance++)
            {
                if (p - distance >= 0 && values[p - distance] is { } earlier)
                {
                    filled[p] = earlier;
                    break;
                }

                if (p + distance < values.Length && values[p + distance] is { } later)
                {
                    filled[p] = later;
                    break;
                }
            }
        }

        return filled;
    }
}
