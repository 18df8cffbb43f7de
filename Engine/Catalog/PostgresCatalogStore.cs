using System.Data.Common;
using Npgsql;

namespace UmsOrleans.Engine.Catalog;

/// <summary>The cluster catalog on PostgreSQL, shared by every silo; same schema and statements as SQLite.</summary>
public sealed class PostgresCatalogStore(string connectionString, TimeProvider? time = null) : SqlCatalogStore(time), IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override string BlobType => "BYTEA";

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
