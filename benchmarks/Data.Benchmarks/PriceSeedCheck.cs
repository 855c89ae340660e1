using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeslaSync.PriceIngest.Storage;

/// <summary>
/// Keeps the bulk-written year honest: a day of settled history and a few hours of price sets are stored once by
/// <see cref="PriceSeed.PopulateAsync"/> and once through PriceIngest's own stores
/// (<see cref="PriceSeed.PopulateThroughStoresAsync"/>), and every table of PriceIngest's model must then hold the
/// same rows, column for column. Run before each seeding, so a change to the service's storage code or schema that
/// the bulk path does not follow stops the benchmark instead of timing data the service would never have stored.
/// </summary>
internal static class PriceSeedCheck
{
    /// <summary>Enough sets for every half hour to be forecast, overwritten, then current.</summary>
    private static readonly TimeSpan SetsChecked = TimeSpan.FromHours(3);

    public static async Task RunAsync(DateTimeOffset snapshotsFrom)
    {
        var folder = Directory.CreateTempSubdirectory("teslasync-data-bench-check-");
        try
        {
            var (from, to) = (snapshotsFrom.AddDays(-1), snapshotsFrom + SetsChecked);
            var bulk = Path.Combine(folder.FullName, "bulk.db");
            var stores = Path.Combine(folder.FullName, "stores.db");
            await using (var services = Services(bulk))
            await using (var scope = services.CreateAsyncScope())
            {
                await PriceSeed.PopulateAsync(scope.ServiceProvider.GetRequiredService<PriceDbContext>(), from, snapshotsFrom, to, _ => { });
            }

            await using (var services = Services(stores))
            {
                await PriceSeed.PopulateThroughStoresAsync(services, from, snapshotsFrom, to);
            }

            await using (var services = Services(bulk))
            await using (var scope = services.CreateAsyncScope())
            {
                Compare(scope.ServiceProvider.GetRequiredService<PriceDbContext>(), stores);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Every table of the model holds the same rows (ids included) in the database <paramref name="db"/> opens and in <paramref name="reference"/>.</summary>
    private static void Compare(PriceDbContext db, string reference)
    {
        db.Database.OpenConnection();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Execute(connection, $"ATTACH DATABASE '{reference.Replace("'", "''", StringComparison.Ordinal)}' AS reference");
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct())
        {
            var rows = Count(connection, $"SELECT count(*) FROM main.\"{table}\"");
            var expected = Count(connection, $"SELECT count(*) FROM reference.\"{table}\"");
            var missing = Count(connection, $"SELECT count(*) FROM (SELECT * FROM reference.\"{table}\" EXCEPT SELECT * FROM main.\"{table}\")");
            var extra = Count(connection, $"SELECT count(*) FROM (SELECT * FROM main.\"{table}\" EXCEPT SELECT * FROM reference.\"{table}\")");
            if (rows != expected || missing != 0 || extra != 0)
            {
                throw new InvalidOperationException(
                    $"The seed's bulk writer no longer stores what PriceIngest's stores store: {table} has {rows} rows against {expected}, "
                    + $"{missing} of the stores' rows missing and {extra} rows they do not have. Bring PriceTables or PriceHistoryReplay up to date.");
            }
        }
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static ServiceProvider Services(string database)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddDbContext<PriceDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddScoped<PriceHistoryStore>().AddScoped<PriceSnapshotStore>();
        return services.BuildServiceProvider();
    }
}
