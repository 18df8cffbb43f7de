using System.Data.Common;
using Npgsql;

namespace UmsOrleans.Engine.Catalog;

/// <summary>The cluster catalog on PostgreSQL, shared by every silo; same schema and statements as SQLite.</summary>
public sealed class PostgresCatalogStore(string connectionString, TimeProvider? time = null) : SqlCatalogStore(time), IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override string BlobType => "BYTEA";

    // An advisory lock, not a row lock: PostgreSQL queues heavyweight locks in order, so a delete waiting for the
    // exclusive lock is not starved by writers that keep taking the shared one (row share locks would let them in).
    protected override async Task LockCollectionAsync(DbConnection connection, DbTransaction transaction, string name, bool exclusive, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            exclusive ? "SELECT pg_advisory_xact_lock(7426002, hashtext(@name))" : "SELECT pg_advisory_xact_lock_shared(7426002, hashtext(@name))");
        Add(command, "@name", name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // Several silos may start at once; an advisory lock keeps their CREATE TABLE IF NOT EXISTS apart.
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(7426001)", cancellationToken);
        try
        {
            await base.InitializeAsync(cancellationToken);
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(7426001)", cancellationToken);
        }
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
