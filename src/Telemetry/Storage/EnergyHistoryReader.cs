using Microsoft.EntityFrameworkCore;
using TeslaSync.Domain.Energy;

namespace TeslaSync.Telemetry.Storage;

/// <summary>A bucket of energy history; <see cref="LocalDate"/> is set for local-day buckets.</summary>
internal sealed record EnergyHistoryBucket(EnergyInterval Energy, DateOnly? LocalDate);

/// <summary>
/// Answers history and summary queries from the energy rows, aggregating in SQL over the
/// (site, length, start) key: 30-minute rows before the roll-up point, 5-minute rows from it, so a
/// year is at most ~17,500 rows summed by SQLite, never loaded. Local hours and days are counted
/// within stretches of constant UTC offset, so a daylight-saving day is one bucket of 23 or 25 hours.
/// </summary>
internal sealed class EnergyHistoryReader(TelemetryDbContext db)
{
    private const long OneBucket = 1_000_000_000_000_000; // ms: longer than any range, so everything falls in bucket 0
    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The energy recorded in [<paramref name="from"/>, <paramref name="to"/>), and how much of it samples covered.</summary>
    public async Task<EnergyInterval> TotalAsync(string siteId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rolledUntil = await RolledUntilAsync(siteId, cancellationToken);
        var rows = await AggregateAsync(siteId, from, to, rolledUntil, offsetMs: 0, sizeMs: OneBucket, cancellationToken);
        return rows.Count == 0 ? EnergyFlows.Zero.Over(from, to, TimeSpan.Zero) : rows[0].ToFlows().Over(from, to, rows[0].CoveredSpan);
    }

    /// <summary>
    /// Buckets of <paramref name="resolution"/> that start in [<paramref name="from"/>, <paramref name="to"/>), with data only, oldest first.
    /// 5 and 30 minutes are UTC-aligned; 60 and 1440 are local hours and days in <paramref name="zone"/> (required for them).
    /// </summary>
    public async Task<IReadOnlyList<EnergyHistoryBucket>> HistoryAsync(string siteId, DateTimeOffset from, DateTimeOffset to, TimeSpan resolution,
        TimeZoneInfo? zone, CancellationToken cancellationToken)
    {
        if (resolution == TimeSpan.FromMinutes(EnergyIntervalRow.FiveMinutes))
        {
            return await FiveMinuteAsync(siteId, from, to, cancellationToken);
        }

        var rolledUntil = await RolledUntilAsync(siteId, cancellationToken);
        var localDays = resolution == TimeSpan.FromDays(1);
        var spans = resolution <= TimeSpan.FromMinutes(EnergyIntervalRow.HalfHour)
            ? [new OffsetSpan(from, to, TimeSpan.Zero)]
            : SiteCalendar.OffsetSpans(from, to, zone ?? throw new ArgumentNullException(nameof(zone), "Local buckets need the site's zone."));

        var buckets = new SortedDictionary<DateTimeOffset, EnergyHistoryBucket>();
        foreach (var span in spans)
        {
            var offsetMs = (long)span.Offset.TotalMilliseconds;
            var rows = await AggregateAsync(siteId, span.Start, span.End, rolledUntil, offsetMs, (long)resolution.TotalMilliseconds, cancellationToken);
            foreach (var row in rows)
            {
                EnergyHistoryBucket bucket;
                if (localDays)
                {
                    var date = DateOnly.FromDayNumber(UnixEpochDayNumber + (int)row.Bucket);
                    var start = SiteCalendar.StartOfDay(date, zone!);
                    bucket = new EnergyHistoryBucket(row.ToFlows().Over(start, SiteCalendar.StartOfDay(date.AddDays(1), zone!), row.CoveredSpan), date);
                }
                else
                {
                    var start = DateTimeOffset.FromUnixTimeMilliseconds((row.Bucket * (long)resolution.TotalMilliseconds) - offsetMs);
                    bucket = new EnergyHistoryBucket(row.ToFlows().Over(start, start + resolution, row.CoveredSpan), null);
                }

                // A local day (or an hour cut by an offset change) split across two spans is one bucket.
                buckets[bucket.Energy.Start] = buckets.TryGetValue(bucket.Energy.Start, out var sofar)
                    ? sofar with { Energy = sofar.Energy.Plus(bucket.Energy) }
                    : bucket;
            }
        }

        return [.. buckets.Values];
    }

    /// <summary>5-minute rows where they are still kept (whole half-hours: retention removes no less); before them, the 30-minute rows.</summary>
    private async Task<IReadOnlyList<EnergyHistoryBucket>> FiveMinuteAsync(string siteId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var oldest = await db.Intervals.AsNoTracking()
            .Where(i => i.SiteId == siteId && i.LengthMinutes == EnergyIntervalRow.FiveMinutes)
            .OrderBy(i => i.Start)
            .Select(i => (DateTimeOffset?)i.Start)
            .FirstOrDefaultAsync(cancellationToken);
        var oldestFine = oldest is { } first ? EnergyIntegrator.Floor(first, EnergyIntervals.HalfHour) : DateTimeOffset.MaxValue;
        var fineFrom = from > oldestFine ? from : oldestFine;
        var coarseTo = to < oldestFine ? to : oldestFine;
        var rows = await db.Intervals.AsNoTracking()
            .Where(i => i.SiteId == siteId && ((i.LengthMinutes == EnergyIntervalRow.HalfHour && i.Start >= from && i.Start < coarseTo)
                || (i.LengthMinutes == EnergyIntervalRow.FiveMinutes && i.Start >= fineFrom && i.Start < to)))
            .OrderBy(i => i.Start)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EnergyHistoryBucket(r.ToInterval(), null))];
    }

    private async Task<DateTimeOffset> RolledUntilAsync(string siteId, CancellationToken cancellationToken) =>
        await db.RollupStates.AsNoTracking().Where(s => s.SiteId == siteId).Select(s => (DateTimeOffset?)s.RolledUntil)
            .FirstOrDefaultAsync(cancellationToken) ?? DateTimeOffset.MinValue;

    /// <summary>
    /// Sums per bucket <c>(start + offset) / size</c> of the rows starting in [from, to): 30-minute rows
    /// before <paramref name="rolledUntil"/>, 5-minute rows from it. Each half of the union is a range scan of the key.
    /// </summary>
    private Task<List<BucketRow>> AggregateAsync(string siteId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset rolledUntil,
        long offsetMs, long sizeMs, CancellationToken cancellationToken)
    {
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        var splitMs = Math.Clamp(rolledUntil == DateTimeOffset.MinValue ? long.MinValue : rolledUntil.ToUnixTimeMilliseconds(), fromMs, toMs);
        return db.Database.SqlQuery<BucketRow>($"""
            SELECT ("start" + {offsetMs}) / {sizeMs} AS "Bucket",
                   SUM(solar_wh) AS "Solar", SUM(home_wh) AS "Home",
                   SUM(grid_import_wh) AS "GridImport", SUM(grid_export_wh) AS "GridExport",
                   SUM(battery_charge_wh) AS "BatteryCharge", SUM(battery_discharge_wh) AS "BatteryDischarge",
                   SUM(covered_ms) AS "Covered"
            FROM (
                SELECT "start", solar_wh, home_wh, grid_import_wh, grid_export_wh, battery_charge_wh, battery_discharge_wh, covered_ms
                FROM energy_intervals
                WHERE site_id = {siteId} AND length_minutes = 30 AND "start" >= {fromMs} AND "start" < {splitMs}
                UNION ALL
                SELECT "start", solar_wh, home_wh, grid_import_wh, grid_export_wh, battery_charge_wh, battery_discharge_wh, covered_ms
                FROM energy_intervals
                WHERE site_id = {siteId} AND length_minutes = 5 AND "start" >= {splitMs} AND "start" < {toMs}
            )
            GROUP BY 1
            ORDER BY 1
            """).ToListAsync(cancellationToken);
    }

    /// <summary>One row of <see cref="AggregateAsync"/>.</summary>
    internal sealed class BucketRow
    {
        public long Bucket { get; set; }

        public double Solar { get; set; }

        public double Home { get; set; }

        public double GridImport { get; set; }

        public double GridExport { get; set; }

        public double BatteryCharge { get; set; }

        public double BatteryDischarge { get; set; }

        public long Covered { get; set; }

        public TimeSpan CoveredSpan => TimeSpan.FromMilliseconds(Covered);

        public EnergyFlows ToFlows() => new(Solar, Home, GridImport, GridExport, BatteryCharge, BatteryDischarge);
    }
}
