using System.Collections.Immutable;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using UmsOrleans.Engine.Routing;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// The catalog on a relational database. SQLite and PostgreSQL share this schema and every statement
/// (both speak <c>INSERT … ON CONFLICT … DO UPDATE</c>); subclasses give the connection and the blob type.
/// Creation and update times come from the <see cref="TimeProvider"/> given (<see cref="TimeProvider.System"/> when none is).
/// </summary>
public abstract partial class SqlCatalogStore(TimeProvider? time) : ICatalogStore, ICatalogSnapshotSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected abstract string BlobType { get; }

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Holds the collection until the transaction ends: shared by product writes, exclusive for the collection's
    /// delete, so a delete waits for the writes in flight and the writes after it wait for the delete (and then find
    /// the collection gone). SQLite needs nothing: its writers are serialised by <see cref="EnterWriteAsync"/>.
    /// </summary>
    protected virtual Task LockCollectionAsync(DbConnection connection, DbTransaction transaction, string name, bool exclusive, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Serialises writers where the database allows only one at a time (SQLite).</summary>
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"""
            CREATE TABLE IF NOT EXISTS ums_collections (
                name TEXT PRIMARY KEY,
                settings TEXT NOT NULL,
                created_at BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS ums_products (
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                shard INTEGER NOT NULL,
                title TEXT NULL,
                category TEXT NULL,
                attributes TEXT NULL,
                vectors {BlobType} NOT NULL,
                content_hash TEXT NULL,
                updated_at BIGINT NOT NULL,
                thumbnail {BlobType} NULL,
                more_thumbnails {BlobType} NULL,
                scene_text TEXT NULL,
                {OddLayoutShard} INTEGER NOT NULL DEFAULT -1,
                PRIMARY KEY (collection, id));
            CREATE INDEX IF NOT EXISTS ums_products_by_shard ON ums_products (collection, shard);
            """, cancellationToken);
        await AddColumnWhenMissingAsync(connection, "thumbnail", $"{BlobType} NULL", cancellationToken);
        await AddColumnWhenMissingAsync(connection, "more_thumbnails", $"{BlobType} NULL", cancellationToken);
        await AddColumnWhenMissingAsync(connection, "scene_text", "TEXT NULL", cancellationToken);
        await AddColumnWhenMissingAsync(connection, OddLayoutShard, "INTEGER NOT NULL DEFAULT -1", cancellationToken);
        await ExecuteAsync(connection, null, $"CREATE INDEX IF NOT EXISTS ums_products_by_odd_layout_shard ON ums_products (collection, {OddLayoutShard})", cancellationToken);
        await CreateJobTableAsync(connection, cancellationToken);
        await CreateAdapterTableAsync(connection, cancellationToken);
        await CreateBackfillTableAsync(connection, cancellationToken);
    }

    // Catalogs created before thumbnails, several photos or scene text existed lack the column. Probing with a query
    // works on both databases (SQLite has no ADD COLUMN IF NOT EXISTS); no transaction is open, so a failed probe is harmless.
    private async Task AddColumnWhenMissingAsync(DbConnection connection, string column, string definition, CancellationToken cancellationToken)
    {
        if (await HasColumnAsync(connection, column, cancellationToken)) return;
        try
        {
            await ExecuteAsync(connection, null, $"ALTER TABLE ums_products ADD COLUMN {column} {definition}", cancellationToken);
        }
        catch (DbException)
        {
            // Another silo starting at the same moment may have added it first.
            if (!await HasColumnAsync(connection, column, cancellationToken)) throw;
        }
    }

    private static async Task<bool> HasColumnAsync(DbConnection connection, string column, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, null, $"SELECT {column} FROM ums_products WHERE 1 = 0", cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    public async Task<CollectionSpec?> GetCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ReadCollectionAsync(connection, null, name, cancellationToken);
    }

    public async Task<IReadOnlyList<CollectionSpec>> ListCollectionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT name, settings FROM ums_collections ORDER BY name");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var collections = new List<CollectionSpec>();
        while (await reader.ReadAsync(cancellationToken))
        {
            collections.Add(StoredCollectionSettings.Deserialize(reader.GetString(0), reader.GetString(1)));
        }
        return collections;
    }

    public async Task<(CollectionSpec Stored, bool Created)> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default)
    {
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool created;
        await using (var insert = Command(connection, transaction,
            "INSERT INTO ums_collections (name, settings, created_at) VALUES (@name, @settings, @now) ON CONFLICT (name) DO NOTHING"))
        {
            Add(insert, "@name", spec.Name);
            Add(insert, "@settings", StoredCollectionSettings.Serialize(spec with { Generation = Guid.NewGuid().ToString("N") }));
            Add(insert, "@now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            created = await insert.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        var stored = await ReadCollectionAsync(connection, transaction, spec.Name, cancellationToken)
            ?? throw new InvalidOperationException($"collection '{spec.Name}' vanished while it was created.");
        await transaction.CommitAsync(cancellationToken);
        return (stored, created);
    }

    public async Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Writes in flight commit first; every later write finds the collection gone. The products deleted below then
        // include those of the writes this waited for.
        await LockCollectionAsync(connection, transaction, name, exclusive: true, cancellationToken);
        int deleted;
        await using (var collection = Command(connection, transaction, "DELETE FROM ums_collections WHERE name = @name"))
        {
            Add(collection, "@name", name);
            deleted = await collection.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var products = Command(connection, transaction, "DELETE FROM ums_products WHERE collection = @name"))
        {
            Add(products, "@name", name);
            await products.ExecuteNonQueryAsync(cancellationToken);
        }
        await DeleteAdaptersAsync(connection, transaction, name, cancellationToken);
        await ForgetBackfillAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task UpsertProductsAsync(CollectionSpec collection, int shard, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default)
    {
        if (products.Count == 0) return;
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockWritableLayoutAsync(connection, transaction, collection, cancellationToken);
        // While a resharding runs, each write also records the product's shard in the layout being built, so that layout
        // loads it (the backfill that fills the column for older rows runs after the resharding was recorded).
        var next = current.NextLayout;
        var column = ShardColumn(current.RoutingVersion);
        var nextColumn = next is null ? null : ShardColumn(next.RoutingVersion);
        await using var upsert = Command(connection, transaction, $"""
            INSERT INTO ums_products (collection, id, {column}, {nextColumn ?? OtherColumn(column)}, title, category, attributes, vectors, content_hash, thumbnail, more_thumbnails, scene_text, updated_at)
            VALUES (@collection, @id, @shard, @next, @title, @category, @attributes, @vectors, @hash, @thumbnail, @more, @scene, @now)
            ON CONFLICT (collection, id) DO UPDATE SET
                {column} = excluded.{column}, {(nextColumn is null ? "" : $"{nextColumn} = excluded.{nextColumn}, ")}title = excluded.title, category = excluded.category,
                attributes = excluded.attributes, vectors = excluded.vectors, content_hash = excluded.content_hash,
                thumbnail = excluded.thumbnail, more_thumbnails = excluded.more_thumbnails, scene_text = excluded.scene_text,
                updated_at = excluded.updated_at
            """);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var product in products)
        {
            upsert.Parameters.Clear();
            Add(upsert, "@collection", collection.Name);
            Add(upsert, "@id", product.Id);
            Add(upsert, "@shard", shard);
            Add(upsert, "@next", next is null ? NoShard : ShardRouter.ShardOf(product.Id, next.Shards));
            Add(upsert, "@title", product.Title);
            Add(upsert, "@category", product.Category);
            Add(upsert, "@attributes", AttributesJson.Write(product.Attributes));
            Add(upsert, "@vectors", VectorBlobCodec.Encode(product.Vectors));
            Add(upsert, "@hash", product.ContentHash);
            Add(upsert, "@thumbnail", product.Thumbnails.IsEmpty ? null : product.Thumbnails[0]);
            Add(upsert, "@more", ThumbnailPack.PackRest(product.Thumbnails));
            Add(upsert, "@scene", product.SceneText.IsEmpty ? null : System.Text.Json.JsonSerializer.Serialize(product.SceneText));
            Add(upsert, "@now", now);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteProductAsync(CollectionSpec collection, string id, CancellationToken cancellationToken = default)
    {
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockWritableLayoutAsync(connection, transaction, collection, cancellationToken);
        await using var delete = Command(connection, transaction, "DELETE FROM ums_products WHERE collection = @collection AND id = @id");
        Add(delete, "@collection", collection.Name);
        Add(delete, "@id", id);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Holds the collection for a product write (shared) and returns its settings, when it still exists with <paramref name="collection"/>'s
    /// generation and routes by its layout; else <see cref="CollectionNotFoundException"/> or <see cref="RoutingChangedException"/>.
    /// </summary>
    private async Task<CollectionSpec> LockWritableLayoutAsync(DbConnection connection, DbTransaction transaction, CollectionSpec collection, CancellationToken cancellationToken)
    {
        await LockCollectionAsync(connection, transaction, collection.Name, exclusive: false, cancellationToken);
        var current = await ReadCollectionAsync(connection, transaction, collection.Name, cancellationToken);
        if (current is null || current.Generation != collection.Generation) throw new CollectionNotFoundException(collection.Name);
        if (current.RoutingVersion != collection.RoutingVersion) throw new RoutingChangedException(collection.Name, collection.RoutingVersion, current.RoutingVersion);
        return current;
    }

    public async Task<ProductRecord?> GetProductAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"{SelectProduct} WHERE collection = @collection AND id = @id");
        Add(select, "@collection", collection);
        Add(select, "@id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadProduct(reader) : null;
    }

    public async IAsyncEnumerable<ProductRecord> ReadShardAsync(string collection, int shard, int routingVersion = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"{SelectProduct} WHERE collection = @collection AND {ShardColumn(routingVersion)} = @shard");
        Add(select, "@collection", collection);
        Add(select, "@shard", shard);
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return ReadProduct(reader);
    }

    public async Task<byte[]?> GetThumbnailAsync(string collection, string id, int photo = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT thumbnail{(photo > 0 ? ", more_thumbnails" : "")} FROM ums_products WHERE collection = @collection AND id = @id");
        Add(select, "@collection", collection);
        Add(select, "@id", id);
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0)) return null;
        var first = reader.GetFieldValue<byte[]>(0);
        if (photo == 0) return first;
        var thumbnails = ThumbnailPack.Join(first, reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
        return photo < thumbnails.Length ? thumbnails[photo] : null;
    }

    public async Task<ImmutableArray<byte[]>> GetThumbnailsAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT thumbnail, more_thumbnails FROM ums_products WHERE collection = @collection AND id = @id");
        Add(select, "@collection", collection);
        Add(select, "@id", id);
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return [];
        var first = reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
        return ThumbnailPack.Join(first, reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    public async Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Count == 0) return hashes;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // Bounded IN lists: SQLite allows at most 32,766 parameters, and short statements plan quickly.
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = chunk.Select((_, i) => $"@id{i}").ToList();
            await using var select = Command(connection, null,
                $"SELECT id, content_hash FROM ums_products WHERE collection = @collection AND content_hash IS NOT NULL AND id IN ({string.Join(", ", names)})");
            Add(select, "@collection", collection);
            for (var i = 0; i < chunk.Length; i++) Add(select, names[i], chunk[i]);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) hashes[reader.GetString(0)] = reader.GetString(1);
        }
        return hashes;
    }

    /// <summary>Begins a snapshot's read transaction: PostgreSQL's repeatable read sees one moment from its first statement on.</summary>
    protected virtual async ValueTask<DbTransaction> BeginReadSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public async Task<CatalogReadSnapshot?> OpenReadSnapshotAsync(string collection, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        var transaction = default(DbTransaction);
        try
        {
            transaction = await BeginReadSnapshotAsync(connection, cancellationToken);
            var spec = await ReadCollectionAsync(connection, transaction, collection, cancellationToken);
            if (spec is not null)
            {
                var products = await CountProductsAsync(connection, transaction, collection, cancellationToken);
                var open = transaction;
                return new CatalogReadSnapshot(spec, products, token => ReadAllProductsAsync(connection, open, collection, token), new ReadTransaction(connection, open));
            }
        }
        catch
        {
            await new ReadTransaction(connection, transaction).DisposeAsync();
            throw;
        }
        await new ReadTransaction(connection, transaction).DisposeAsync();
        return null;
    }

    private static async IAsyncEnumerable<ProductRecord> ReadAllProductsAsync(
        DbConnection connection, DbTransaction transaction, string collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"{SelectProductColumns}, thumbnail, more_thumbnails FROM ums_products WHERE collection = @collection ORDER BY id");
        Add(select, "@collection", collection);
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var product = ReadProduct(reader);
            var first = reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7);
            var rest = reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8);
            yield return product with { Thumbnails = ThumbnailPack.Join(first, rest) };
        }
    }

    private sealed class ReadTransaction(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    // Thumbnails are left out on purpose: a product is read for its fields; the thumbnail has its own call.
    private const string SelectProductColumns = "SELECT id, title, category, attributes, vectors, content_hash, scene_text";

    private const string SelectProduct = $"{SelectProductColumns} FROM ums_products";

    private static ProductRecord ReadProduct(DbDataReader reader)
    {
        var id = reader.GetString(0);
        var title = reader.IsDBNull(1) ? null : reader.GetString(1);
        var category = reader.IsDBNull(2) ? null : reader.GetString(2);
        var attributes = AttributesJson.Read(reader.IsDBNull(3) ? null : reader.GetString(3));
        var vectors = VectorBlobCodec.Decode(reader.GetFieldValue<byte[]>(4));
        var hash = reader.IsDBNull(5) ? null : reader.GetString(5);
        var sceneText = reader.IsDBNull(6) ? [] : System.Text.Json.JsonSerializer.Deserialize<ImmutableArray<ImmutableArray<string>>>(reader.GetString(6));
        return new ProductRecord(id, title, category, attributes, vectors, hash, SceneText: sceneText);
    }

    private async Task<CollectionSpec?> ReadCollectionAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, "SELECT settings FROM ums_collections WHERE name = @name");
        Add(select, "@name", name);
        var settings = await select.ExecuteScalarAsync(cancellationToken);
        return settings is string json ? StoredCollectionSettings.Deserialize(name, json) : null;
    }

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    protected static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
