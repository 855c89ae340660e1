using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;

namespace TeslaSync.Tariffs.Benchmarks;

/// <summary>
/// Made-up but Amber-shaped prices around a Sydney summer afternoon (2026-01-15 14:07 AEDT): cheap
/// in the solar hours, dear in the evening peak, a flagged spike tomorrow at 18:30, feed-in paid
/// (negative cost) at about 80 % of the general price less 5 c; a fixed seed, so every run sees the same.
/// </summary>
internal static class SydneyDay
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

    public static readonly DateTimeOffset Now = new(2026, 1, 15, 14, 7, 0, TimeSpan.FromHours(11));

    /// <summary>The settings a user with spike protection and a demand-window premium would have.</summary>
    public static readonly TariffBuildOptions Options = new()
    {
        SpikeProtection = new SpikeProtectionOptions { Enabled = true },
        DemandWindow = new DemandWindowOptions { Enabled = true, BuyPremiumPerKwh = 0.20m },
        DailySupplyCharge = 1.10m,
    };

    /// <summary>What Amber's API returns for 24 h back and 24 h ahead: 5-minute actuals and current, 30-minute forecasts.</summary>
    public static List<PriceInterval> Amber48Hours()
    {
        var currentHalfHour = Floor(Now, 30);
        return [.. Intervals(Now.AddHours(-24), currentHalfHour.AddMinutes(30), 5, forecastsFrom: Floor(Now, 5).AddMinutes(5)),
            .. Intervals(currentHalfHour, Now.AddHours(24), 30, forecastsFrom: currentHalfHour)];
    }

    /// <summary>General and feed-in intervals of <paramref name="minutes"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static List<PriceInterval> Intervals(DateTimeOffset from, DateTimeOffset to, int minutes, DateTimeOffset? forecastsFrom = null)
    {
        var random = new Random(20260115);
        var firstForecast = forecastsFrom ?? Floor(Now, minutes).AddMinutes(minutes);
        var intervals = new List<PriceInterval>();
        for (var start = Floor(from, minutes).ToUniversalTime(); start < to; start = start.AddMinutes(minutes))
        {
            var end = start.AddMinutes(minutes);
            var kind = start >= firstForecast ? IntervalKind.Forecast : end > Now ? IntervalKind.Current : IntervalKind.Actual;
            var general = GeneralPerKwh(start) + (decimal)(random.NextDouble() * 0.04);
            var spike = SpikeAt(start);
            if (spike == SpikeStatus.Spike)
            {
                general = 3.50m;
            }

            var feedIn = -((general * 0.8m) - 0.05m);
            intervals.Add(Interval(PriceChannel.General, kind, start, end, general, spike));
            intervals.Add(Interval(PriceChannel.FeedIn, kind, start, end, feedIn, SpikeStatus.None));
        }

        return intervals;
    }

    private static PriceInterval Interval(PriceChannel channel, IntervalKind kind, DateTimeOffset start, DateTimeOffset end, decimal perKwh, SpikeStatus spike)
    {
        var rounded = Math.Round(perKwh, 5);
        return new PriceInterval(
            channel, kind, start, end, rounded, Math.Round(rounded * 0.6m, 5), spike,
            rounded < 0.10m ? "veryLow" : rounded < 0.30m ? "neutral" : "high",
            Renewables: 35.0,
            Estimate: kind != IntervalKind.Actual,
            AdvancedPrice: kind == IntervalKind.Actual ? null : new PriceBand(rounded * 0.8m, rounded, rounded * 1.5m));
    }

    /// <summary>About 25 c, 5–10 c in the solar hours (10:00–15:00), 45–60 c in the evening peak (17:00–21:00).</summary>
    private static decimal GeneralPerKwh(DateTimeOffset start)
    {
        var local = TimeZoneInfo.ConvertTime(start, Zone);
        var hour = local.Hour + (local.Minute / 60m);
        return hour switch
        {
            >= 10 and < 15 => 0.06m,
            >= 17 and < 21 => 0.45m + (0.15m * (1 - Math.Abs(hour - 19) / 2)),
            >= 23 or < 6 => 0.20m,
            _ => 0.27m,
        };
    }

    private static SpikeStatus SpikeAt(DateTimeOffset start)
    {
        var local = TimeZoneInfo.ConvertTime(start, Zone);
        if (local.Date != Now.Date.AddDays(1))
        {
            return SpikeStatus.None;
        }

        var minutes = (local.Hour * 60) + local.Minute;
        return minutes switch
        {
            >= (18 * 60) + 30 and < 19 * 60 => SpikeStatus.Spike,
            >= 18 * 60 and < 20 * 60 => SpikeStatus.Potential,
            _ => SpikeStatus.None,
        };
    }

    private static DateTimeOffset Floor(DateTimeOffset instant, int minutes)
    {
        var ticks = TimeSpan.FromMinutes(minutes).Ticks;
        return new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % ticks), TimeSpan.Zero);
    }
}
