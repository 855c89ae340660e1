using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeslaSync.Domain.Prices;
using TeslaSync.PriceIngest.Storage;

/// <summary>
/// A year of one site's Amber prices in PriceIngest's own database, as a year of operation leaves it: every 5
/// minutes a price set of each channel's 5-minute current interval and 48 half-hourly intervals (the current half
/// hour and 23.5 h of forecasts), saved whole as a snapshot and folded into the interval history. Snapshots older
/// than the retention period (<see cref="PriceStorageOptions.SnapshotRetentionDays"/>, 90 days by default) are
/// gone, so for those days only the history they left behind is written.
/// </summary>
/// <remarks>
/// The rows are written in bulk (<see cref="PriceTables"/>, <see cref="PriceHistoryReplay"/>), about 40 s for the
/// year on 2 cores: through the service's own stores (<see cref="PopulateThroughStoresAsync"/>) each set costs
/// about 14 ms, 6 minutes in all. <see cref="PriceSeedCheck"/> runs both on a few hours before every seeding and
/// requires the same rows.
/// </remarks>
internal static class PriceSeed
{
    public const string SiteId = "home";

    private static readonly PriceChannel[] Channels = [PriceChannel.General, PriceChannel.ControlledLoad, PriceChannel.FeedIn];
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    public sealed record Counts(int Snapshots, long SnapshotIntervals, int HistoryRows);

    /// <summary>A price set as PriceIngest receives it from Amber (every set is new, so every one is published).</summary>
    public sealed record ReceivedSet(DateTimeOffset ReceivedAt, string ContentHash, List<PriceInterval> Intervals);

    /// <summary>The start of the snapshot window: snapshots are kept for the last <paramref name="snapshotDays"/>, from a half-hour boundary.</summary>
    public static DateTimeOffset SnapshotsFrom(DateTimeOffset now, int snapshotDays) => Floor(now.AddDays(-snapshotDays), HalfHour);

    /// <summary>
    /// Settled history alone in [<paramref name="from"/>, <paramref name="snapshotsFrom"/>), then every set of
    /// [<paramref name="snapshotsFrom"/>, <paramref name="now"/>) as a snapshot and in the history.
    /// </summary>
    public static async Task<Counts> PopulateAsync(PriceDbContext db, DateTimeOffset from, DateTimeOffset snapshotsFrom, DateTimeOffset now, Action<string> progress)
    {
        using var tables = await PriceTables.OpenAsync(db);
        var history = new PriceHistoryReplay(SiteId);
        foreach (var (day, end) in Days(from, snapshotsFrom))
        {
            history.Record(SettledHistory(day, end), end);
        }

        var (snapshots, intervals) = (0, 0L);
        foreach (var set in SetsReceived(snapshotsFrom, now))
        {
            tables.AddSnapshot(SiteId, set);
            history.Record(set.Intervals, set.ReceivedAt);
            snapshots++;
            intervals += set.Intervals.Count;
            if (snapshots % (288 * 30) == 0)
            {
                progress($"prices: {snapshots / 288} days of snapshots stored");
            }
        }

        tables.AddHistory(history.Rows);
        tables.Commit();
        return new Counts(snapshots, intervals, history.Rows.Count);
    }

    /// <summary>
    /// What <see cref="PopulateAsync"/> writes, stored through PriceIngest's own stores as the service stores it:
    /// the settled history a day per <see cref="PriceHistoryStore.RecordAsync"/>, each set through
    /// <see cref="PriceSnapshotStore.SaveAsync"/> (a day per transaction). The reference for <see cref="PriceSeedCheck"/>.
    /// </summary>
    public static async Task PopulateThroughStoresAsync(IServiceProvider services, DateTimeOffset from, DateTimeOffset snapshotsFrom, DateTimeOffset now)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PriceDbContext>().Database.MigrateAsync();
        }

        foreach (var (day, end) in Days(from, snapshotsFrom))
        {
            await using var scope = services.CreateAsyncScope();
            var history = scope.ServiceProvider.GetRequiredService<PriceHistoryStore>();
            await history.RecordAsync(SiteId, SettledHistory(day, end), end, CancellationToken.None);
        }

        foreach (var (day, end) in Days(snapshotsFrom, now))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PriceDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<PriceSnapshotStore>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var set in SetsReceived(day, end))
            {
                await store.SaveAsync(SiteId, set.ReceivedAt, set.ContentHash, published: true, set.Intervals, CancellationToken.None);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync();
        }
    }

    /// <summary>The sets received in [<paramref name="from"/>, <paramref name="to"/>), one per 5-minute boundary, a few seconds after it.</summary>
    private static IEnumerable<ReceivedSet> SetsReceived(DateTimeOffset from, DateTimeOffset to)
    {
        for (var at = from; at < to; at += FiveMinutes)
        {
            yield return new ReceivedSet(at.AddSeconds(4), $"{at.ToUnixTimeSeconds():x}", PriceSet(at));
        }
    }

    /// <summary>[<paramref name="from"/>, <paramref name="to"/>) in days, the last one cut short at <paramref name="to"/>.</summary>
    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Days(DateTimeOffset from, DateTimeOffset to)
    {
        for (var day = from; day < to; day = day.AddDays(1))
        {
            yield return (day, day.AddDays(1) < to ? day.AddDays(1) : to);
        }
    }

    /// <summary>The set received at <paramref name="at"/> (a 5-minute boundary): per channel the 5-minute current interval and 48 half hours.</summary>
    private static List<PriceInterval> PriceSet(DateTimeOffset at)
    {
        var set = new List<PriceInterval>(Channels.Length * 49);
        var halfHour = Floor(at, HalfHour);
        foreach (var channel in Channels)
        {
            set.Add(Interval(channel, IntervalKind.Current, at, FiveMinutes, Price(channel, at, FiveMinutes)));
            for (var i = 0; i < 48; i++)
            {
                var start = halfHour + (HalfHour * i);
                var lead = (start - at).TotalHours;
                var kind = i == 0 ? IntervalKind.Current : IntervalKind.Forecast;
                // A forecast's error grows with its lead and changes with each new forecast.
                var error = i == 0 ? 0 : 0.03 * Math.Sqrt(lead) * Noise(start.UtcTicks ^ at.UtcTicks, (int)channel);
                set.Add(Interval(channel, kind, start, HalfHour, Price(channel, start, HalfHour) + (decimal)error));
            }
        }

        return set;
    }

    /// <summary>What the history holds for [<paramref name="from"/>, <paramref name="to"/>) once every set of those hours has come and gone.</summary>
    private static List<PriceInterval> SettledHistory(DateTimeOffset from, DateTimeOffset to)
    {
        var rows = new List<PriceInterval>(Channels.Length * 340);
        foreach (var channel in Channels)
        {
            for (var at = from; at < to; at += FiveMinutes)
            {
                rows.Add(Interval(channel, IntervalKind.Current, at, FiveMinutes, Price(channel, at, FiveMinutes)));
            }

            for (var at = from; at < to; at += HalfHour)
            {
                rows.Add(Interval(channel, IntervalKind.Current, at, HalfHour, Price(channel, at, HalfHour)));
            }
        }

        return rows;
    }

    private static PriceInterval Interval(PriceChannel channel, IntervalKind kind, DateTimeOffset start, TimeSpan length, decimal perKwh)
    {
        perKwh = Math.Round(perKwh, 5);
        var spot = channel == PriceChannel.FeedIn ? -perKwh : perKwh - 0.16m;
        var descriptor = (channel == PriceChannel.FeedIn ? -perKwh : perKwh) switch
        {
            > 1m => "spike",
            > 0.40m => "high",
            > 0.25m => "neutral",
            > 0.10m => "low",
            _ => "veryLow",
        };
        // Amber's forecasts come with a band (advancedPrice): stored with every forecast interval of a snapshot.
        var band = kind == IntervalKind.Forecast ? new PriceBand(Math.Round(perKwh * 0.85m, 5), perKwh, Math.Round(perKwh * 1.3m, 5)) : null;
        return new PriceInterval(channel, kind, start, start + length, perKwh, Math.Round(spot, 5),
            perKwh > 1m ? SpikeStatus.Spike : SpikeStatus.None, descriptor, 30 + (30 * Math.Sin(start.ToUnixTimeSeconds() / 40_000.0)),
            Estimate: kind != IntervalKind.Actual, AdvancedPrice: band);
    }

    /// <summary>A plausible NSW retail price: cheap at midday (more so in summer), dear in the evening peak, now and then a spike.</summary>
    private static decimal Price(PriceChannel channel, DateTimeOffset start, TimeSpan length)
    {
        if (length > FiveMinutes)
        {
            var sum = 0m;
            for (var at = start; at < start + length; at += FiveMinutes)
            {
                sum += Price(channel, at, FiveMinutes);
            }

            return sum / (decimal)(length / FiveMinutes);
        }

        var nem = start.ToOffset(TimeSpan.FromHours(10));
        var hour = nem.TimeOfDay.TotalHours;
        var summer = 0.5 + (0.5 * Math.Cos(2 * Math.PI * (nem.DayOfYear - 15) / 365.0));
        var wholesale = 0.09
            - ((0.06 + (0.05 * summer)) * Math.Exp(-Math.Pow((hour - 12.5) / 2.5, 2)))
            + (0.14 * Math.Exp(-Math.Pow((hour - 18.5) / 1.6, 2)))
            + (0.03 * Noise(start.UtcTicks, 7));
        if (Noise(start.UtcTicks, 11) > 0.9985)
        {
            wholesale += 3 + (10 * Noise(start.UtcTicks, 13));
        }

        var general = 0.17 + (1.1 * wholesale);
        return channel switch
        {
            PriceChannel.General => (decimal)general,
            PriceChannel.ControlledLoad => (decimal)(0.10 + (0.9 * wholesale)),
            _ => (decimal)-wholesale,
        };
    }

    /// <summary>A deterministic value in [0, 1) for a key, so a rerun stores the same prices.</summary>
    private static double Noise(long key, int salt)
    {
        var x = (ulong)key * 0x9E3779B97F4A7C15UL ^ ((ulong)salt * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 29;
        return (x >> 11) / (double)(1UL << 53);
    }

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan length) =>
        new(instant.UtcTicks - (instant.UtcTicks % length.Ticks), TimeSpan.Zero);
}
