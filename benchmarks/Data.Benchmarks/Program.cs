using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeslaSync.Domain.Energy;
using TeslaSync.PriceIngest.Storage;
using TeslaSync.Telemetry.Storage;

// Item 4 of the benchmarks: a year of one site's data in the services' own databases (their size on disk),
// then the dashboard's main queries through the Gateway's REST API, with PriceIngest, Telemetry and the
// Gateway running as real processes on that data.
// Usage: dotnet run -c Release --project benchmarks/Data.Benchmarks -- [--quick] [--runs N] [--reseed]
var quick = args.Contains("--quick");
var reseed = args.Contains("--reseed");
var runsAt = Array.IndexOf(args, "--runs");
var runs = runsAt >= 0 && runsAt + 1 < args.Length ? int.Parse(args[runsAt + 1], CultureInfo.InvariantCulture) : quick ? 20 : 200;

var zone = TimeZoneInfo.FindSystemTimeZoneById(DataSet.TimeZone);
var now = DataSet.Now(zone);
Console.WriteLine($"Data benchmark: one site in {zone.Id}, the year {DataSet.FirstDay:yyyy-MM-dd} to {DataSet.LastDay:yyyy-MM-dd}, "
    + $"the services' clock held at {TimeZoneInfo.ConvertTime(now, zone):yyyy-MM-dd HH:mm zzz}; {runs} timed runs per query{(quick ? " (quick)" : string.Empty)}");

var seeded = await DataSet.EnsureSeededAsync(zone, now, reseed);
var prices = DataSet.DatabaseSize(Path.Combine(seeded.PriceIngest, "prices.db"));
var telemetry = DataSet.DatabaseSize(Path.Combine(seeded.Telemetry, "telemetry.db"));
Console.WriteLine($"prices.db     {prices / 1048576.0,8:F1} MB");
Console.WriteLine($"telemetry.db  {telemetry / 1048576.0,8:F1} MB");
Summary.Line("prices.db size", prices / 1048576.0, "MB");
Summary.Line("telemetry.db size", telemetry / 1048576.0, "MB");
Console.WriteLine();

await using var system = new GatewaySystem();
try
{
    var started = Stopwatch.StartNew();
    await system.StartAsync(seeded, now);
    Console.WriteLine($"PriceIngest, Telemetry and the Gateway healthy on a copy of that data in {started.Elapsed.TotalSeconds:F1} s; signed in as the owner");
    Console.WriteLine();
    Console.WriteLine($"{"query (through the Gateway)",-44} {"result",14} {"median ms",10} {"p95 ms",8} {"max ms",8}");

    // As wwwroot/js/pages/dashboard.js asks, with "now" the services' clock.
    var weekAgo = now.AddDays(-7);
    var monthAgo = now.AddDays(-30);
    await system.TimeAsync("7-day price chart", runs,
        $"/api/prices/history?channel=general&resolution=60&from={Iso(weekAgo)}&to={Iso(now)}", "points");
    await system.TimeAsync("daily totals for a month", runs,
        $"/api/energy/history?resolution=1440&from={Iso(monthAgo)}&to={Iso(now)}", "points");
    await system.TimeAsync("yearly summary", runs, "/api/energy/summary?period=year", null);
    await system.TimeAsync("daily totals for 7 days (dashboard panel)", runs,
        $"/api/energy/history?resolution=1440&from={Iso(weekAgo)}&to={Iso(now)}", "points", summary: false);
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The data benchmark failed: {exception.Message}");
    Console.Error.WriteLine(system.Logs);
    Environment.ExitCode = 1;
}

static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

/// <summary>The headline figures, one line each, for the combined script.</summary>
internal static class Summary
{
    public static void Line(string measure, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SUMMARY|data|{measure}|{value:0.##}|{unit}"));
}

/// <summary>The seeded year, built once per <see cref="Version"/> and kept under the system temp folder.</summary>
internal static class DataSet
{
    /// <summary>Change when the seeded data or the services' schemas change, so a stale cache is not reused.</summary>
    public const string Version = "v2";

    public const string TimeZone = "Australia/Sydney";

    public static readonly DateOnly FirstDay = new(2026, 1, 1);

    public static readonly DateOnly LastDay = new(2026, 12, 31);

    /// <summary>Snapshots kept (PriceStorageOptions' default retention); older price sets survive only in the history.</summary>
    public static readonly int SnapshotDays = new PriceStorageOptions().SnapshotRetentionDays;

    /// <summary>23:00 on the last day: the year is complete, and the services' clock stands here.</summary>
    public static DateTimeOffset Now(TimeZoneInfo zone) => SiteCalendar.StartOfDay(LastDay, zone).AddHours(23);

    public sealed record Folders(string PriceIngest, string Telemetry);

    public static async Task<Folders> EnsureSeededAsync(TimeZoneInfo zone, DateTimeOffset now, bool reseed)
    {
        var root = Path.Combine(Path.GetTempPath(), "teslasync-data-bench", Version);
        var folders = new Folders(Path.Combine(root, "priceingest"), Path.Combine(root, "telemetry"));
        var done = Path.Combine(root, "seeded");
        if (File.Exists(done) && !reseed)
        {
            Console.WriteLine($"Reusing the year seeded earlier in {root} (--reseed to build it again)");
            return folders;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine($"Seeding the year into {root}: under a minute on 2 cores, once; later runs reuse it");
        Directory.CreateDirectory(folders.PriceIngest);
        Directory.CreateDirectory(folders.Telemetry);
        var watch = Stopwatch.StartNew();
        await using (var services = Services(folders))
        {
            var yearStart = SiteCalendar.StartOfDay(FirstDay, zone);
            var snapshotsFrom = PriceSeed.SnapshotsFrom(now, SnapshotDays);
            await PriceSeedCheck.RunAsync(snapshotsFrom);
            Console.WriteLine($"  checked on a few hours: the bulk writer stores the same rows as PriceIngest's own stores ({watch.Elapsed.TotalSeconds:F0} s)");
            await using (var scope = services.CreateAsyncScope())
            {
                var priceCounts = await PriceSeed.PopulateAsync(scope.ServiceProvider.GetRequiredService<PriceDbContext>(), yearStart, snapshotsFrom, now,
                    line => Console.WriteLine($"  {line} ({watch.Elapsed.TotalSeconds:F0} s)"));
                Console.WriteLine($"Seeded prices: {priceCounts.HistoryRows:N0} rows of 5- and 30-minute history for 3 channels, "
                    + $"{priceCounts.Snapshots:N0} snapshots ({priceCounts.SnapshotIntervals:N0} intervals) for the last {SnapshotDays} days, in {watch.Elapsed.TotalSeconds:F0} s");
            }

            var telemetryStarted = watch.Elapsed;
            var counts = await TelemetrySeed.PopulateAsync(services, zone, FirstDay, LastDay, now);
            Console.WriteLine($"Seeded telemetry: {counts.HalfHours:N0} 30-minute rows, {counts.FiveMinutes:N0} 5-minute rows, {counts.Samples:N0} raw samples, "
                + $"{counts.TeslaDays} days of Tesla totals, in {(watch.Elapsed - telemetryStarted).TotalSeconds:F0} s");
        }

        SqliteConnection.ClearAllPools();
        Checkpoint(Path.Combine(folders.PriceIngest, "prices.db"));
        Checkpoint(Path.Combine(folders.Telemetry, "telemetry.db"));
        await File.WriteAllTextAsync(done, now.ToString("O", CultureInfo.InvariantCulture));
        Console.WriteLine($"Seeded in {watch.Elapsed.TotalSeconds:F0} s, kept in {root} for the next run");
        return folders;
    }

    /// <summary>The database file with its write-ahead log, if one is left (not the -shm index, which holds no data).</summary>
    public static long DatabaseSize(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    /// <summary>Moves the write-ahead log into the database file, so the size on disk is the data's.</summary>
    private static void Checkpoint(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }

    private static ServiceProvider Services(Folders folders) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddDbContext<PriceDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folders.PriceIngest, "prices.db")}"))
            .AddDbContext<TelemetryDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folders.Telemetry, "telemetry.db")}"))
            .BuildServiceProvider();
}
