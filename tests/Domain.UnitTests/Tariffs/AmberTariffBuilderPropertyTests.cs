using CsCheck;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Domain.UnitTests.Tariffs;

/// <summary>
/// Invariants of the builder over arbitrary Amber input: random 5/30-minute intervals of every
/// kind and channel with gaps, negative and spike prices, a random "now" (biased towards the DST
/// transition days) and a random Australian zone, and random options.
/// </summary>
public sealed class AmberTariffBuilderPropertyTests
{
    private static readonly string[] AustralianZones =
    [
        "Australia/Sydney", "Australia/Melbourne", "Australia/Hobart", "Australia/Adelaide", "Australia/Broken_Hill",
        "Australia/Brisbane", "Australia/Darwin", "Australia/Perth", "Australia/Lord_Howe", "Australia/Eucla",
    ];

    private static readonly Gen<Segment> GenSegment =
        Gen.Select(
            Gen.OneOfConst(5, 30),
            Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[1, 12])),
            Gen.OneOfConst(IntervalKind.Actual, IntervalKind.Current, IntervalKind.Forecast),
            Gen.OneOfConst(Channels.General, Channels.FeedIn, Channels.Both, Channels.Both, Channels.Both, Channels.ControlledLoad),
            Gen.Frequency((8, Money(-0.5m, 1.5m)), (1, Money(-1m, 0m)), (1, Money(2m, 20m))),
            Gen.Frequency((8, Gen.Const(SpikeStatus.None)), (1, Gen.Const(SpikeStatus.Potential)), (1, Gen.Const(SpikeStatus.Spike))),
            Gen.Bool,
            (minutes, gap, kind, channels, price, spike, band) => new Segment(minutes, gap, kind, channels, price, spike, band));

    /// <summary>Two days from just before each 2025 DST change, or anywhere in 2025; with seconds, so "now" is rarely on a boundary.</summary>
    private static readonly Gen<DateTimeOffset> GenNow =
        Gen.Select(
            Gen.OneOf(
                Gen.Int[0, 60 * 24 * 2].Select(m => new DateTimeOffset(2025, 4, 5, 0, 0, 0, TimeSpan.Zero).AddMinutes(m)),
                Gen.Int[0, 60 * 24 * 2].Select(m => new DateTimeOffset(2025, 10, 4, 0, 0, 0, TimeSpan.Zero).AddMinutes(m)),
                Gen.Int[0, 60 * 24 * 365].Select(m => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(m))),
            Gen.Int[0, 59],
            (at, seconds) => at.AddSeconds(seconds));

    /// <summary>
    /// Most scenarios have a day of prices (5- or 30-minute) from before now to past the window's
    /// end with a few holes punched in either channel, so builds with and without fills are common;
    /// the rest are random segments alone, mostly too sparse to build.
    /// </summary>
    private static readonly Gen<Backbone> GenBackbone =
        Gen.Select(
            Gen.Frequency((7, Gen.Const(true)), (3, Gen.Const(false))),
            Gen.OneOfConst(5, 30),
            Gen.Frequency((8, Money(-0.3m, 1.5m)), (1, Money(-1m, 0m)), (1, Money(2m, 20m))).Array[56],
            Gen.Frequency((3, Gen.Int[0, 0]), (2, Gen.Int[1, 3]), (1, Gen.Int[4, 12])),
            Gen.Int[0, 335].Array[12],
            Gen.Bool.Array[12],
            (present, minutes, prices, holes, holeAt, holeInFeedIn) =>
                new Backbone(present, minutes, prices, [.. holeAt.Take(holes).Zip(holeInFeedIn.Take(holes))]));

    private static readonly Gen<Scenario> GenScenario =
        Gen.Select(
            Gen.OneOfConst(AustralianZones),
            GenNow,
            GenBackbone,
            GenSegment.Array[0, 60],
            Gen.Int[-180, 60],
            GenOptions(),
            (zone, now, backbone, segments, leadMinutes, options) =>
                new Scenario(zone, now, [.. backbone.Intervals(now), .. Build(now.AddMinutes(leadMinutes), segments)], options));

    [Fact]
    public void Build_AnyInput_IsAFullOrderedNonNegativeTariffOrARefusalNeverAZeroFill()
    {
        var built = 0;
        var refused = 0;
        var filled = 0;
        GenScenario.Sample(
            scenario =>
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(scenario.ZoneId);
                var result = new AmberTariffBuilder(scenario.Options).Build(scenario.Intervals, zone, scenario.Now);
                var (missingBuy, missingSell) = MissingValues(scenario.Intervals, zone, scenario.Now);
                var missing = missingBuy + missingSell;

                Assert.Equal(missing, result.MissingValues);
                if (missing > scenario.Options.MaxMissingValues || missingBuy == 48 || missingSell == 48)
                {
                    Assert.False(result.Succeeded);
                    Assert.Null(result.Tariff);
                    Assert.NotNull(result.RefusalReason);
                    Assert.False(string.IsNullOrWhiteSpace(result.Refusal));
                    Assert.Empty(result.Slots);
                    Interlocked.Increment(ref refused);
                    return;
                }

                Assert.True(result.Succeeded, result.Refusal);
                var tariff = result.Tariff!;
                Assert.Equal(missing, result.FilledValues);
                Interlocked.Increment(ref built);
                if (missing > 0)
                {
                    Interlocked.Increment(ref filled);
                }

                // 48 slots in order, each starting where the previous ended, from 00:00 to 24:00.
                Assert.Equal(48, tariff.Rates.Count);
                var minuteOfDay = 0;
                foreach (var rate in tariff.Rates)
                {
                    Assert.Equal(minuteOfDay, (rate.Slot.StartHour * 60) + rate.Slot.StartMinute);
                    minuteOfDay = (rate.Slot.EndHour * 60) + rate.Slot.EndMinute;
                    Assert.True(minuteOfDay > (rate.Slot.StartHour * 60) + rate.Slot.StartMinute);
                }

                Assert.Equal(24 * 60, minuteOfDay);

                // The window: 48 distinct consecutive wall-clock half-hours from the one holding now.
                Assert.Equal(48, result.Slots.Select(s => s.HalfHour).Distinct().Count());
                Assert.Equal(LocalHalfHour.Of(scenario.Now, zone), result.Slots[0].HalfHour);

                foreach (var rate in tariff.Rates)
                {
                    Assert.True(rate.BuyPerKwh >= 0m && rate.SellPerKwh >= 0m && rate.DemandPerKw >= 0m, $"{rate}");
                    Assert.Equal(Math.Round(rate.BuyPerKwh, 4), rate.BuyPerKwh);
                    Assert.Equal(Math.Round(rate.SellPerKwh, 4), rate.SellPerKwh);
                    if (scenario.Options.RaiseBuyToSell)
                    {
                        Assert.True(rate.BuyPerKwh >= rate.SellPerKwh, $"{rate}");
                    }
                }

                // A filled value is always some real neighbour's price, never an invented zero.
                var knownBuys = result.Slots.Where(s => !s.Adjustments.HasFlag(SlotAdjustments.BuyFilled)).Select(s => s.TrueBuyPerKwh).ToHashSet();
                var knownSells = result.Slots.Where(s => !s.Adjustments.HasFlag(SlotAdjustments.SellFilled)).Select(s => s.TrueSellPerKwh).ToHashSet();
                Assert.All(result.Slots.Where(s => s.Adjustments.HasFlag(SlotAdjustments.BuyFilled)), s => Assert.Contains(s.TrueBuyPerKwh, knownBuys));
                Assert.All(result.Slots.Where(s => s.Adjustments.HasFlag(SlotAdjustments.SellFilled)), s => Assert.Contains(s.TrueSellPerKwh, knownSells));

                if (scenario.Options.SpikeProtection.Enabled)
                {
                    var highestSell = tariff.Rates.Max(r => r.SellPerKwh);
                    Assert.All(result.Slots.Where(s => s.SpikeFlagged), s => Assert.True(s.Tesla.BuyPerKwh > highestSell));
                }
            },
            iter: 400,
            print: scenario => scenario?.ToString() ?? "(no scenario)");

        // The generator must exercise every branch: built whole, built with fills, and refused.
        Assert.True(built - filled >= 20 && filled >= 20 && refused >= 20, $"built {built} (filled {filled}), refused {refused}");
    }

    [Fact]
    public void Build_TooManyMissing_IsRefusedWhateverTheThreshold()
    {
        // Only the first `known` half-hours from now have prices; everything after is missing.
        Gen.Select(Gen.OneOfConst(AustralianZones), Gen.Int[0, 48], Gen.Int[0, 96], Gen.Int[0, 60 * 24 * 365])
            .Sample(
                (zoneId, known, threshold, minutes) =>
                {
                    var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
                    var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes);
                    var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);
                    var intervals = Prices.Day(first, i => 0.2m, i => -0.05m, count: known);
                    var (missingBuy, missingSell) = MissingValues(intervals, zone, now);

                    var result = new AmberTariffBuilder(new TariffBuildOptions { MaxMissingValues = threshold }).Build(intervals, zone, now);

                    var refused = missingBuy + missingSell > threshold || missingBuy == 48 || missingSell == 48;
                    Assert.Equal(!refused, result.Succeeded);
                    if (result.Succeeded)
                    {
                        Assert.All(result.Tariff!.Rates, r => Assert.Equal(0.05m, r.SellPerKwh));
                    }
                },
                iter: 300);
    }

    /// <summary>
    /// The test's own count of window half-hours with no general / no feed-in price: every
    /// 5-minute step of an interval covers the local half-hour it falls in.
    /// </summary>
    private static (int Buy, int Sell) MissingValues(IReadOnlyList<PriceInterval> intervals, TimeZoneInfo zone, DateTimeOffset now)
    {
        var nowLocal = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var firstSlot = (nowLocal.Hour * 2) + (nowLocal.Minute / 30);
        var window = Enumerable.Range(0, 48)
            .Select(i => (DateOnly.FromDateTime(nowLocal).AddDays((firstSlot + i) / 48), (firstSlot + i) % 48))
            .ToHashSet();

        int Missing(PriceChannel channel)
        {
            var covered = new HashSet<(DateOnly, int)>();
            foreach (var interval in intervals.Where(i => i.Channel == channel))
            {
                for (var step = interval.Start; step < interval.End; step = step.AddMinutes(5))
                {
                    var local = TimeZoneInfo.ConvertTime(step, zone).DateTime;
                    covered.Add((DateOnly.FromDateTime(local), (local.Hour * 2) + (local.Minute / 30)));
                }
            }

            return window.Count(key => !covered.Contains(key));
        }

        return (Missing(PriceChannel.General), Missing(PriceChannel.FeedIn));
    }

    private static Gen<TariffBuildOptions> GenOptions() =>
        Gen.Select(
            Gen.Frequency((3, Gen.Const(10)), (2, Gen.Int[0, 96])),
            Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false))),
            Gen.Bool,
            Gen.Select(Gen.Bool, GenWindow(), Money(0m, 0.5m)),
            Gen.Select(Gen.Bool, GenWindow(), Money(-0.1m, 0.5m), Money(0m, 0.3m), Money(0m, 1m)),
            Gen.Select(Gen.Bool, GenWindow(), Gen.Int[0, 127], Money(0m, 1m)),
            Money(0m, 2m),
            (maxMissing, raise, spike, chip, boost, demand, supply) => new TariffBuildOptions
            {
                MaxMissingValues = maxMissing,
                RaiseBuyToSell = raise,
                SpikeProtection = new SpikeProtectionOptions { Enabled = spike },
                ChipMode = new ChipModeOptions { Enabled = chip.Item1, Window = chip.Item2, ThresholdPerKwh = chip.Item3 },
                ExportBoost = new ExportBoostOptions
                {
                    Enabled = boost.Item1, Window = boost.Item2, ThresholdPerKwh = boost.Item3, OffsetPerKwh = boost.Item4, MinimumPerKwh = boost.Item5,
                },
                DemandWindow = new DemandWindowOptions
                {
                    Enabled = demand.Item1, Window = new WeeklyTimeWindow(demand.Item2, (DaysOfWeek)demand.Item3), BuyPremiumPerKwh = demand.Item4,
                },
                DemandCharges = [new DemandChargeWindow(new WeeklyTimeWindow(demand.Item2, DaysOfWeek.Weekdays), 0.3m)],
                DailySupplyCharge = supply,
            });

    /// <summary>A $/kWh amount with Amber's precision (5 decimals of a cent).</summary>
    private static Gen<decimal> Money(decimal from, decimal to) =>
        Gen.Int[(int)(from * 10_000_000m), (int)(to * 10_000_000m)].Select(units => units / 10_000_000m);

    private static Gen<LocalTimeWindow> GenWindow() =>
        Gen.Select(Gen.Int[0, 47], Gen.Int[0, 47], (start, end) =>
            new LocalTimeWindow(new TimeOnly(start / 2, start % 2 * 30), new TimeOnly(end / 2, end % 2 * 30)));

    /// <summary>Lays the segments end to end from <paramref name="from"/>, each after its gap, each on its own duration's boundary.</summary>
    private static List<PriceInterval> Build(DateTimeOffset from, Segment[] segments)
    {
        var intervals = new List<PriceInterval>();
        var at = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero);
        foreach (var segment in segments)
        {
            var length = TimeSpan.FromMinutes(segment.Minutes);
            at = at.AddTicks((length.Ticks - (at.UtcTicks % length.Ticks)) % length.Ticks) + (length * segment.Gap);
            var band = segment.WithBand ? new PriceBand(segment.Price - 0.02m, segment.Price + 0.01m, segment.Price + 0.05m) : null;
            foreach (var channel in ChannelsOf(segment.Channels))
            {
                intervals.Add(new PriceInterval(
                    channel, segment.Kind, at, at + length, channel == PriceChannel.FeedIn ? -segment.Price * 0.8m : segment.Price,
                    segment.Price, segment.Spike, "neutral", 50, AdvancedPrice: band));
            }

            at += length;
        }

        return intervals;
    }

    private enum Channels
    {
        General,
        FeedIn,
        Both,
        ControlledLoad,
    }

    private sealed record Backbone(bool Present, int Minutes, decimal[] Prices, (int At, bool FeedIn)[] Holes)
    {
        /// <summary>From an hour before now to 27 hours after, minus the holes (each a few intervals of one channel).</summary>
        public IEnumerable<PriceInterval> Intervals(DateTimeOffset now)
        {
            if (!Present)
            {
                yield break;
            }

            var length = TimeSpan.FromMinutes(Minutes);
            var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % length.Ticks), TimeSpan.Zero).AddHours(-1);
            var count = (int)(TimeSpan.FromHours(28) / length);
            for (var i = 0; i < count; i++)
            {
                var start = first + (length * i);
                var price = Prices[i % Prices.Length];
                var kind = start + length <= now ? IntervalKind.Actual : start <= now ? IntervalKind.Current : IntervalKind.Forecast;
                // A hole removes 30 minutes' worth of one channel: 6 five-minute or 1 thirty-minute intervals.
                bool InHole(bool feedIn) => Holes.Any(h => h.FeedIn == feedIn && i / (30 / Minutes) == h.At % (count / (30 / Minutes)));
                if (!InHole(false))
                {
                    yield return new PriceInterval(PriceChannel.General, kind, start, start + length, price, price, SpikeStatus.None, "neutral", 50);
                }

                if (!InHole(true))
                {
                    yield return new PriceInterval(PriceChannel.FeedIn, kind, start, start + length, -price * 0.7m, price, SpikeStatus.None, "neutral", 50);
                }
            }
        }
    }

    private sealed record Segment(int Minutes, int Gap, IntervalKind Kind, Channels Channels, decimal Price, SpikeStatus Spike, bool WithBand);

    private sealed record Scenario(string ZoneId, DateTimeOffset Now, List<PriceInterval> Intervals, TariffBuildOptions Options)
    {
        public override string ToString() =>
            $"{ZoneId} now={Now:O} options={Options} intervals=[{string.Join("; ", Intervals.Select(i => $"{i.Channel} {i.Kind} {i.Start:O}+{i.Duration.TotalMinutes} {i.PerKwh} {i.SpikeStatus}"))}]";
    }

    private static IEnumerable<PriceChannel> ChannelsOf(Channels channels) => channels switch
    {
        Channels.General => [PriceChannel.General],
        Channels.FeedIn => [PriceChannel.FeedIn],
        Channels.Both => [PriceChannel.General, PriceChannel.FeedIn],
        _ => [PriceChannel.ControlledLoad],
    };
}
