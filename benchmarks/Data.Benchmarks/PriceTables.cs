using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeslaSync.PriceIngest.Storage;

/// <summary>
/// PriceIngest's snapshot and history tables opened for seeding: its own database (migrated), one transaction,
/// and a prepared INSERT per table from EF Core's model of it (<see cref="TableInserter{TRow}"/>).
/// </summary>
internal sealed class PriceTables : IDisposable
{
    private readonly SqliteTransaction _transaction;
    private readonly TableInserter<PriceSnapshotRow> _snapshots;
    private readonly TableInserter<PriceIntervalRow> _intervals;
    private readonly TableInserter<PriceHistoryRow> _history;

    private PriceTables(PriceDbContext db, SqliteTransaction transaction)
    {
        _transaction = transaction;
        _snapshots = new TableInserter<PriceSnapshotRow>(db, transaction);
        _intervals = new TableInserter<PriceIntervalRow>(db, transaction);
        _history = new TableInserter<PriceHistoryRow>(db, transaction);
    }

    public static async Task<PriceTables> OpenAsync(PriceDbContext db)
    {
        await db.Database.MigrateAsync();
        // EF Core's connection, opened as EF Core opens it (foreign keys enforced, as they are when the service writes).
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return new PriceTables(db, connection.BeginTransaction());
    }

    /// <summary>A price set as <see cref="PriceSnapshotStore.SaveAsync"/> stores it, without the history (see <see cref="PriceHistoryReplay"/>).</summary>
    public void AddSnapshot(string siteId, PriceSeed.ReceivedSet set)
    {
        var snapshotId = _snapshots.Insert(new PriceSnapshotRow
        {
            SiteId = siteId,
            ReceivedAt = set.ReceivedAt,
            ContentHash = set.ContentHash,
            Published = true,
        });
        foreach (var interval in set.Intervals)
        {
            var row = PriceIntervalRow.From(interval);
            row.SnapshotId = snapshotId;
            _intervals.Insert(row);
        }
    }

    public void AddHistory(IEnumerable<PriceHistoryRow> rows)
    {
        foreach (var row in rows)
        {
            _history.Insert(row);
        }
    }

    public void Commit() => _transaction.Commit();

    public void Dispose()
    {
        _snapshots.Dispose();
        _intervals.Dispose();
        _history.Dispose();
        _transaction.Dispose();
    }
}
