using System.Data.Common;
using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// The <c>ums_adapters</c> table: one row per adapter version, the adapter as <see cref="AdapterCodec"/> bytes (its kind,
/// spaces, training summary and scores travel inside), the label it learned from, and the time it was stored.
/// </summary>
public abstract partial class SqlCatalogStore : IAdapterStore
{
    private Task CreateAdapterTableAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, $"""
            CREATE TABLE IF NOT EXISTS ums_adapters (
                collection TEXT NOT NULL,
                version INTEGER NOT NULL,
                label TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                body {BlobType} NOT NULL,
                PRIMARY KEY (collection, version));
            """, cancellationToken);

    public async Task<StoredAdapter> SaveAdapterAsync(CollectionSpec collection, Adapter adapter, string label, CancellationToken cancellationToken = default)
    {
        var body = AdapterCodec.Write(adapter);
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Exclusive: two adapters saved at once must not both take the same next version.
        await LockCollectionAsync(connection, transaction, collection.Name, exclusive: true, cancellationToken);
        await RequireGenerationAsync(connection, transaction, collection, cancellationToken);
        int version;
        await using (var max = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM ums_adapters WHERE collection = @collection"))
        {
            Add(max, "@collection", collection.Name);
            version = Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) + 1;
        }
        var now = _time.GetUtcNow();
        await using (var insert = Command(connection, transaction,
            "INSERT INTO ums_adapters (collection, version, label, created_at, body) VALUES (@collection, @version, @label, @now, @body)"))
        {
            Add(insert, "@collection", collection.Name);
            Add(insert, "@version", version);
            Add(insert, "@label", label);
            Add(insert, "@now", now.ToUnixTimeMilliseconds());
            Add(insert, "@body", body);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return StoredAdapter.Describe(collection.Name, version, adapter, label, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), body.Length);
    }

    public async Task<IReadOnlyList<StoredAdapter>> ListAdaptersAsync(string collection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT version, label, created_at, body FROM ums_adapters WHERE collection = @collection ORDER BY version");
        Add(select, "@collection", collection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var adapters = new List<StoredAdapter>();
        while (await reader.ReadAsync(cancellationToken)) adapters.Add(ReadAdapter(reader, collection).Info);
        return adapters;
    }

    public async Task<(StoredAdapter Info, Adapter Adapter)?> GetAdapterAsync(string collection, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT version, label, created_at, body FROM ums_adapters WHERE collection = @collection AND version = @version");
        Add(select, "@collection", collection);
        Add(select, "@version", version);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAdapter(reader, collection) : null;
    }

    public async Task<CollectionSpec> SetActiveAdapterAsync(CollectionSpec collection, int? version, CancellationToken cancellationToken = default)
    {
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockCollectionAsync(connection, transaction, collection.Name, exclusive: true, cancellationToken);
        var current = await RequireGenerationAsync(connection, transaction, collection, cancellationToken);
        var aligns = false;
        if (version is { } wanted)
        {
            await using var select = Command(connection, transaction, "SELECT body FROM ums_adapters WHERE collection = @collection AND version = @version");
            Add(select, "@collection", collection.Name);
            Add(select, "@version", wanted);
            if (await select.ExecuteScalarAsync(cancellationToken) is not byte[] body)
            {
                throw new ArgumentException($"collection '{collection.Name}' has no adapter version {wanted}.", nameof(version));
            }
            aligns = AdapterCodec.Read(body).Kind == AdapterKind.Align;
        }
        var updated = current with { ActiveAdapter = version, AdapterAligns = aligns };
        await WriteSettingsAsync(connection, transaction, updated, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    private static async Task DeleteAdaptersAsync(DbConnection connection, DbTransaction transaction, string collection, CancellationToken cancellationToken)
    {
        await using var delete = Command(connection, transaction, "DELETE FROM ums_adapters WHERE collection = @collection");
        Add(delete, "@collection", collection);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<CollectionSpec> RequireGenerationAsync(DbConnection connection, DbTransaction transaction, CollectionSpec collection, CancellationToken cancellationToken)
    {
        var current = await ReadCollectionAsync(connection, transaction, collection.Name, cancellationToken);
        return current is not null && current.Generation == collection.Generation ? current : throw new CollectionNotFoundException(collection.Name);
    }

    private static (StoredAdapter Info, Adapter Adapter) ReadAdapter(DbDataReader reader, string collection)
    {
        var body = (byte[])reader.GetValue(3);
        var adapter = AdapterCodec.Read(body);
        var info = StoredAdapter.Describe(collection, reader.GetInt32(0), adapter, reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), body.Length);
        return (info, adapter);
    }
}
