using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// The embedded catalog: one SQLite file in WAL mode with full fsync on commit. SQLite takes one writer at a
/// time, so writers in this process queue on a semaphore instead of spinning on SQLITE_BUSY.
/// </summary>
public sealed class SqliteCatalogStore(string databasePath, TimeProvider? time = null) : SqlCatalogStore(time)
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 60,
    }.ToString();

    public string DatabasePath { get; } = databasePath;

    protected override string BlobType => "BLOB";

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DatabasePath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        await using (var connection = await OpenConnectionAsync(cancellationToken))
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await base.InitializeAsync(cancellationToken);
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=60000;", cancellationToken);
        return connection;
    }

    // Deferred: an immediate BEGIN would take the write lock for the whole snapshot. In WAL mode the first read
    // fixes what the transaction sees until it ends, while writers go on.
    protected override ValueTask<DbTransaction> BeginReadSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    protected override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        return new Releaser(_writer);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
