using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeslaSync.Domain.Billing;
using TeslaSync.Domain.Energy;
using TeslaSync.Domain.Prices;
using TeslaSync.Domain.Tariffs;
using TeslaSync.Telemetry.Energy;
using TeslaSync.Telemetry.LiveStatus;
using TeslaSync.Telemetry.Storage;

// A year of a Sydney site's energy, as a year of 30-second samples integrates and rolls up to: 30-minute
// rows for the year, 5-minute rows for the last 90 days, raw samples for the last 7 days, and Tesla's
// daily totals for every day. Then each dashboard query is timed (warm, median and 95th percentile).
// Usage: dotnet run -c Release --project benchmarks/Telemetry.Benchmarks [iterations | --quick]
// --quick (benchmarks/run-quick.sh): 10 timed runs per query instead of 50.
var iterations = args.Contains("--quick") ? 10 : args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
var firstDay = new DateOnly(2026, 1, 1);
var lastDay = new DateOnly(2026, 12, 31);
var now = SiteCalendar.StartOfDay(lastDay, zone).AddHours(23);
var directory = Directory.CreateTempSubdirectory("teslasync-telemetry-bench-").FullName;
var clock = new FixedClock(now);

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Site:Id"] = Bench.SiteId,
    ["Site:TimeZone"] = zone.Id,
}).Build();
var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(configuration)
    .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<TimeProvider>(clock)
    .AddDbContext<TelemetryDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(directory, "telemetry.db")}"));
services.AddOptions<EnergyHistoryOptions>();
services.AddSingleton<EnergyWriteGate>().AddScoped<EnergyStore>().AddScoped<EnergyHistoryReader>().AddScoped<EnergySummaries>();
await using var provider = services.BuildServiceProvider();

try
{
    Console.WriteLine($"Telemetry query benchmark: {zone.Id}, {firstDay:yyyy-MM-dd} to {lastDay:yyyy-MM-dd}, {iterations} timed runs per query");
    var setup = Stopwatch.StartNew();
    var counts = await TelemetrySeed.PopulateAsync(provider, zone, firstDay, lastDay, now);
    Console.WriteLine($"Stored {counts.HalfHours:N0} 30-minute rows, {counts.FiveMinutes:N0} 5-minute rows, {counts.Samples:N0} raw samples, "
        + $"{counts.TeslaDays} days of Tesla totals in {setup.Elapsed.TotalSeconds:F1} s; database {new FileInfo(Path.Combine(directory, "telemetry.db")).Length / 1024.0 / 1024.0:F1} MB");
    Console.WriteLine();
    Console.WriteLine($"{"query",-52} {"result",10} {"median ms",10} {"p95 ms",8}");

    var yearStart = SiteCalendar.StartOfDay(firstDay, zone);
    var yearEnd = SiteCalendar.StartOfDay(lastDay.AddDays(1), zone);
    var lastDayStart = SiteCalendar.StartOfDay(lastDay, zone);
    await Bench.TimeAsync(provider, iterations, "summary: day (with reconciliation)", s => Summary(s, SummaryPeriod.Day, lastDay));
    await Bench.TimeAsync(provider, iterations, "summary: day on a DST change (2026-04-05)", s => Summary(s, SummaryPeriod.Day, new DateOnly(2026, 4, 5)));
    await Bench.TimeAsync(provider, iterations, "summary: week", s => Summary(s, SummaryPeriod.Week, lastDay));
    await Bench.TimeAsync(provider, iterations, "summary: month", s => Summary(s, SummaryPeriod.Month, lastDay));
    await Bench.TimeAsync(provider, iterations, "summary: year (365 days reconciled)", s => Summary(s, SummaryPeriod.Year, lastDay));
    await Bench.TimeAsync(provider, iterations, "history: 5 min over the last day", s => History(s, lastDayStart, now, TimeSpan.FromMinutes(5), zone));
    await Bench.TimeAsync(provider, iterations, "history: 30 min over the last week", s => History(s, now.AddDays(-7), now, TimeSpan.FromMinutes(30), zone));
    await Bench.TimeAsync(provider, iterations, "history: 60 min over the last 30 days", s => History(s, now.AddDays(-30), now, TimeSpan.FromHours(1), zone));
    await Bench.TimeAsync(provider, iterations, "history: 1440 min (local days) over the year", s => History(s, yearStart, yearEnd, TimeSpan.FromDays(1), zone));
    await Bench.TimeAsync(provider, iterations, "history: 30 min over the year", s => History(s, yearStart, yearEnd, TimeSpan.FromMinutes(30), zone));

    Console.WriteLine();
    await Bench.TimeWritesAsync(provider, clock, now);

    Console.WriteLine();
    BillingBench.Run(zone, lastDay, iterations);
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

static async Task<string> Summary(IServiceProvider services, SummaryPeriod kind, DateOnly date)
{
    var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
    var (summary, reconciliation) = await services.GetRequiredService<EnergySummaries>().SummarizeAsync(Bench.SiteId, kind, date, zone, CancellationToken.None);
    return $"{summary.Energy.Home / 1000:F0} kWh/{reconciliation.Comparison?.DaysCompared ?? 0}d";
}

static async Task<string> History(IServiceProvider services, DateTimeOffset from, DateTimeOffset to, TimeSpan resolution, TimeZoneInfo zone)
{
    var points = await services.GetRequiredService<EnergyHistoryReader>().HistoryAsync(Bench.SiteId, from, to, resolution, zone, CancellationToken.None);
    return $"{points.Count} pts";
}

/// <summary>
/// What GetCosts and GetBillEstimate compute per call (Domain/Billing over 5-minute energy and
/// 5-minute prices; the SQL read of those rows is timed above as "history: 5 min").
/// </summary>
internal static class BillingBench
{
    public static void Run(TimeZoneInfo zone, DateOnly lastDay, int iterations)
    {
        var tariff = new DemandTariff
        {
            Windows = [new DemandWindow { Name = "Peak", Times = [new WeeklyTimeWindow(LocalTimeWindow.Parse("16:00", "21:00"), DaysOfWeek.Weekdays)], RatePerKw = 12.5m }],
            BillingCycleDay = 1,
            DailySupplyCharge = 1.1m,
            MonthlyFixedCharge = 10m,
        };
        var meter = new DemandMeter(tariff, zone);
        var now = SiteCalendar.StartOfDay(lastDay, zone).AddHours(23);
        var (energy62, prices62) = Synthetic(zone, lastDay.AddDays(-61), now);
        var cycleStart = SiteCalendar.StartOfDay(meter.CycleAt(now).Start, zone);
        var energyCycle = energy62.Where(e => e.Start >= cycleStart).ToList();
        var pricesCycle = prices62.Where(p => p.End > cycleStart).ToList();

        Time(iterations, $"costs: 62 days ({energy62.Count:N0} intervals), daily", () => CostCalculator.Daily(CostCalculator.Cost(energy62, prices62), zone).Count + " days");
        Time(iterations, $"bill estimate: this cycle ({energyCycle.Count:N0} intervals)", () => $"${BillEstimator.Estimate(meter, now, energyCycle, pricesCycle).Total:F0}");
    }

    private static (List<EnergyInterval> Energy, List<PriceInterval> Prices) Synthetic(TimeZoneInfo zone, DateOnly first, DateTimeOffset until)
    {
        var energy = new List<EnergyInterval>();
        var prices = new List<PriceInterval>();
        for (var start = SiteCalendar.StartOfDay(first, zone); start < until; start = start.AddMinutes(5))
        {
            var hour = TimeZoneInfo.ConvertTime(start, zone).TimeOfDay.TotalHours;
            var import = hour is > 16 and < 21 ? 200 + (hour * 10) : 40;
            var export = hour is > 10 and < 14 ? 150 : 0;
            energy.Add(new EnergyInterval(start, start.AddMinutes(5), export * 2, import, import, export, 0, 0, TimeSpan.FromMinutes(5)));
            var general = hour is > 16 and < 21 ? 0.45m : 0.22m;
            prices.Add(new PriceInterval(PriceChannel.General, IntervalKind.Actual, start, start.AddMinutes(5), general, general - 0.1m, SpikeStatus.None, "neutral", 30));
            prices.Add(new PriceInterval(PriceChannel.FeedIn, IntervalKind.Actual, start, start.AddMinutes(5), -0.06m, 0.06m, SpikeStatus.None, "neutral", 30));
        }

        return (energy, prices);
    }

    private static void Time(int iterations, string name, Func<string> run)
    {
        var result = string.Empty;
        for (var i = 0; i < 3; i++)
        {
            result = run();
        }

        var times = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Report.Row(name, result, times);
    }
}

/// <summary>A clock that stands still (the queries' "now").</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

internal static class Bench
{
    public const string SiteId = TelemetrySeed.SiteId;

    public static async Task TimeAsync(IServiceProvider services, int iterations, string name, Func<IServiceProvider, Task<string>> query)
    {
        string result = string.Empty;
        for (var i = 0; i < 3; i++)
        {
            await using var scope = services.CreateAsyncScope();
            result = await query(scope.ServiceProvider); // warm-up: connection, query plans, JIT
        }

        var times = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            await query(scope.ServiceProvider);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Report.Row(name, result, times);
    }

    /// <summary>The write side: a day of samples through the real path (store + integrate per sample), then a roll-up and a retention pass.</summary>
    public static async Task TimeWritesAsync(IServiceProvider services, FixedClock clock, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        var perSample = new List<double>(2880);
        var from = now.AddMinutes(1);
        for (var i = 0; i < 2880; i++)
        {
            var at = from.AddSeconds(30 * i);
            clock.Now = at;
            var sample = TelemetrySeed.Synthetic(at, zone);
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<EnergyStore>().RecordSampleAsync(
                new LiveSample(SiteId, at, sample.SolarW, sample.BatteryW, sample.GridW, sample.LoadW, 50, "Active"), CancellationToken.None);
            perSample.Add(watch.Elapsed.TotalMilliseconds);
        }

        perSample.Sort();
        Console.WriteLine($"{"write: one sample (store + integrate), 2,880 in a row",-52} {"",10} {perSample[perSample.Count / 2],10:F2} {perSample[(int)(perSample.Count * 0.95)],8:F2}");

        await using (var scope = services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<EnergyStore>();
            var watch = Stopwatch.StartNew();
            var rolled = await store.RollUpAsync(SiteId, clock.Now, CancellationToken.None);
            var rollup = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var removed = await store.PurgeAsync(SiteId, clock.Now, CancellationToken.None);
            Console.WriteLine($"{"roll-up pass after that day",-52} {rolled + " hh",10} {rollup,10:F2}");
            Console.WriteLine($"{"retention pass (a day past every limit)",-52} {removed.Samples + removed.FiveMinuteIntervals + " rows",10} {watch.Elapsed.TotalMilliseconds,10:F2}");
        }
    }
}

/// <summary>One timed query: its row in the table, and its median as a SUMMARY line for benchmarks/run-quick.sh.</summary>
internal static class Report
{
    public static void Row(string name, string result, List<double> sortedTimes)
    {
        var median = sortedTimes[sortedTimes.Count / 2];
        var p95 = sortedTimes[(int)Math.Ceiling(sortedTimes.Count * 0.95) - 1];
        Console.WriteLine($"{name,-52} {result,10} {median,10:F2} {p95,8:F2}");
        Console.WriteLine(FormattableString.Invariant($"SUMMARY|telemetry|{name} (median)|{median:F2}|ms"));
    }
}
