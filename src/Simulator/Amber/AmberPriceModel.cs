using TeslaSync.Simulator.Market;

namespace TeslaSync.Simulator.Amber;

/// <summary>
/// Turns replayed AEMO dispatch prices into Amber-shaped retail prices. Every value is a pure
/// function of (region, interval, resolution, current 5-minute period), so repeated queries in
/// the same 5-minute period return identical bodies. The rules, all in c/kWh incl. GST:
/// <list type="bullet">
/// <item>spotPerKwh = RRP / 10 × 1.1 (Amber's own conversion, confirmed against NEMOSIS data);
/// a 30-minute interval uses the mean RRP of its six 5-minute intervals.</item>
/// <item>general perKwh = spot + a network-and-fees adder by NEM time of day (see <see cref="TariffPeriodAt"/>),
/// sized like the 2025-04 SA capture (offPeak ≈ 14.2, solarSponge ≈ 9.2, peak ≈ 27.5 above spot).</item>
/// <item>feedIn perKwh = −spot × 1.01: a cost, so negative means the customer is paid; the captures
/// credit export at ≈ 1.0096 × spot. A negative RRP therefore makes feed-in positive (you pay to export).</item>
/// <item>spikeStatus: "spike" when RRP ≥ 1000 $/MWh; "potential" on estimates/forecasts when RRP ≥ 300.
/// (A real actual at 394 $/MWh was not a spike; one at 4,615 $/MWh was.)</item>
/// <item>Forecast perKwh is the replayed outcome (pre-dispatch assumed right); advancedPrice.predicted
/// is that price perturbed by up to ±5 % deterministically per interval, low/high ±(5 % + 0.25 c) around it.</item>
/// <item>A 30-minute CurrentInterval is an estimate (blending elapsed 5-minute prices with the forecast
/// for the rest) until its last 5 minutes, then locked. A 5-minute CurrentInterval is locked
/// (its dispatch price is known), as in the 5-minute capture.</item>
/// </list>
/// </summary>
public sealed class AmberPriceModel(MarketPriceSeries series)
{
    public const double GstFactor = 1.1;
    public const double FeedInLossFactor = 1.01;
    public const double SpikeRrp = 1000;
    public const double PotentialSpikeRrp = 300;
    public const double ForecastPerturbation = 0.05;

    public static readonly IReadOnlyList<string> Channels = ["general", "feedIn"];

    /// <summary>Like <c>GET /sites/{id}/prices/current</c>: per channel, previous Actuals, one Current, next Forecasts.</summary>
    public IReadOnlyList<AmberInterval> CurrentWindow(string region, DateTimeOffset now, int previous, int next, int resolution)
    {
        var current = NemTime.FloorToInterval(now, resolution);
        var step = TimeSpan.FromMinutes(resolution);
        var result = new List<AmberInterval>(Channels.Count * (previous + 1 + next));
        foreach (var channel in Channels)
        {
            for (var i = -previous; i <= next; i++)
            {
                result.Add(Interval(region, current + (i * step), resolution, channel, now));
            }
        }

        return result;
    }

    /// <summary>Like <c>GET /sites/{id}/prices</c>: every interval of the NEM days, inclusive, all general then all feedIn.</summary>
    public IReadOnlyList<AmberInterval> Days(string region, DateOnly startDate, DateOnly endDate, int resolution, DateTimeOffset now)
    {
        var first = new DateTimeOffset(startDate.ToDateTime(TimeOnly.MinValue), NemTime.Offset);
        var end = new DateTimeOffset(endDate.AddDays(1).ToDateTime(TimeOnly.MinValue), NemTime.Offset);
        var step = TimeSpan.FromMinutes(resolution);
        var result = new List<AmberInterval>();
        foreach (var channel in Channels)
        {
            for (var start = first; start < end; start += step)
            {
                result.Add(Interval(region, start, resolution, channel, now));
            }
        }

        return result;
    }

    /// <summary>One interval of one channel, typed Actual/Current/Forecast relative to <paramref name="now"/>.</summary>
    public AmberInterval Interval(string region, DateTimeOffset start, int resolution, string channel, DateTimeOffset now)
    {
        start = start.ToUniversalTime();
        var end = start.AddMinutes(resolution);
        var type = end <= now ? "ActualInterval" : start <= now ? "CurrentInterval" : "ForecastInterval";
        var isEstimate = type == "CurrentInterval" && resolution > 5 && now < end - NemTime.FiveMinutes;
        var isForecastLike = type == "ForecastInterval" || isEstimate;

        var (actualRrp, renewables) = Mean(region, start, resolution, now: null);
        var rrp = isEstimate ? Mean(region, start, resolution, now).Rrp : actualRrp;

        var spot = SpotPerKwh(rrp);
        var period = TariffPeriodAt(start);
        var perKwh = ChannelPrice(channel, spot, period);
        var spike = rrp >= SpikeRrp ? "spike" : isForecastLike && rrp >= PotentialSpikeRrp ? "potential" : "none";

        AdvancedPrice? advanced = isForecastLike
            ? Band(channel, ChannelPrice(channel, SpotPerKwh(actualRrp), period), Perturbation(start))
            : null;

        // Real responses round renewables to 3 decimals on settled 30-minute and current intervals only.
        var roundRenewables = type == "CurrentInterval" || (type == "ActualInterval" && resolution == 30);

        return new AmberInterval(
            type,
            NemTime.DateOf(start),
            resolution,
            start,
            end,
            Math.Round(perKwh, 5),
            roundRenewables ? Math.Round(renewables, 3) : renewables,
            Math.Round(spot, 5),
            channel,
            spike,
            channel == "general" ? period : null,
            Descriptor(channel, perKwh, spike),
            type == "CurrentInterval" ? isEstimate : null,
            advanced);
    }

    public static double SpotPerKwh(double rrp) => rrp / 10 * GstFactor;

    /// <summary>Network and retail adder (c/kWh incl. GST) for the tariff period.</summary>
    public static double NetworkPerKwh(string period) => period switch
    {
        "peak" => 27.5,
        "shoulder" => 20.0,
        "offPeak" => 14.2,
        _ => 9.2, // solarSponge
    };

    /// <summary>
    /// A simple network time-of-use in NEM time (UTC+10, no DST), decided by the interval start:
    /// offPeak 00:00–06:00, solarSponge 10:00–15:00, peak 16:00–21:00, shoulder otherwise.
    /// </summary>
    public static string TariffPeriodAt(DateTimeOffset intervalStart)
    {
        var hour = NemTime.ToNem(intervalStart).Hour;
        return hour switch
        {
            < 6 => "offPeak",
            >= 10 and < 15 => "solarSponge",
            >= 16 and < 21 => "peak",
            _ => "shoulder",
        };
    }

    public static double ChannelPrice(string channel, double spot, string period) =>
        channel == "feedIn" ? -spot * FeedInLossFactor : spot + NetworkPerKwh(period);

    /// <summary>Thresholds fitted to the captures. feedIn descriptors are from the exporter's side (earnings = −perKwh).</summary>
    public static string Descriptor(string channel, double perKwh, string spikeStatus)
    {
        if (spikeStatus == "spike")
        {
            return "spike";
        }

        if (channel == "feedIn")
        {
            var earnings = -perKwh;
            return earnings switch
            {
                < 0 => "extremelyLow",
                < 1 => "veryLow",
                < 4.5 => "low",
                _ => "high",
            };
        }

        return perKwh switch
        {
            < 22 => "extremelyLow",
            < 39.5 => "veryLow",
            < 49 => "low",
            < 60 => "neutral",
            _ => "high",
        };
    }

    /// <summary>Forecast band around the perturbed price; on feedIn "low" is the less negative (worse for the exporter).</summary>
    public static AdvancedPrice Band(string channel, double price, double perturbation)
    {
        var predicted = price * (1 + (ForecastPerturbation * perturbation));
        var width = (0.05 * Math.Abs(predicted)) + 0.25;
        return channel == "feedIn"
            ? new AdvancedPrice(Math.Round(predicted + width, 5), Math.Round(predicted, 5), Math.Round(predicted - width, 5))
            : new AdvancedPrice(Math.Round(predicted - width, 5), Math.Round(predicted, 5), Math.Round(predicted + width, 5));
    }

    /// <summary>Deterministic value in [−1, 1) for an interval start (SplitMix64 of its Unix time); no randomness, no per-process hashing.</summary>
    public static double Perturbation(DateTimeOffset start)
    {
        var z = unchecked((ulong)start.ToUnixTimeSeconds() + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return ((z >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }

    /// <summary>
    /// Mean RRP and renewables over the interval's 5-minute dispatch intervals. With <paramref name="now"/>,
    /// sub-intervals that have not started yet use their forecast (perturbed) RRP, which is how
    /// Amber's CurrentInterval estimate blends actual and forecast 5-minute prices.
    /// </summary>
    private (double Rrp, double Renewables) Mean(string region, DateTimeOffset start, int resolution, DateTimeOffset? now)
    {
        double rrp = 0, renewables = 0;
        var count = resolution / 5;
        for (var k = 0; k < count; k++)
        {
            var subStart = start.AddMinutes(5 * k);
            var point = series.At(region, subStart);
            rrp += now is { } n && subStart > n ? point.Rrp * (1 + (ForecastPerturbation * Perturbation(subStart))) : point.Rrp;
            renewables += point.RenewablesPercent;
        }

        return (rrp / count, renewables / count);
    }
}
