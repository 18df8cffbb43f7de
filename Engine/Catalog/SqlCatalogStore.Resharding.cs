using System.Data.Common;
using UmsOrleans.Engine.Routing;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A collection's shard layouts. Each product row records its shard in two columns: <c>shard</c> for even routing versions,
/// <c>odd_layout_shard</c> for odd ones. The live layout reads its own column; a resharding fills the other one (writes
/// during it, and a backfill for the rows written before), so switching layouts rewrites the settings and no product row.
/// </summary>
public abstract partial class SqlCatalogStore
{
    private const string OddLayoutShard = "odd_layout_shard";

    /// <summary>A product's shard in a layout it is not (yet) part of.</summary>
    private const int NoShard = -1;

    private static string ShardColumn(int routingVersion) => routingVersion % 2 == 0 ? "shard" : OddLayoutShard;

    private static string OtherColumn(string column) => column == "shard" ? OddLayoutShard : "shard";

    private static Task CreateBackfillTableAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS ums_reshard_backfill (
                collection TEXT PRIMARY KEY,
                layout INTEGER NOT NULL,
                shards INTEGER NOT NULL,
                after_id TEXT NOT NULL,
                assigned BIGINT NOT NULL);
            """, cancellationToken);

    public async Task<CollectionSpec> StartReshardingAsync(CollectionSpec collection, int shards, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        // A backfill position left by a resharding to the same layout and shard count that was given up must not carry over.
        return await ChangeSettingsAsync(collection, current => current.ReshardTo switch
        {
            null when current.Shards == shards => current,
            null => current with { ReshardTo = shards },
            { } running when running == shards => current,
            { } running => throw new InvalidOperationException($"collection '{collection.Name}' is being resharded to {running} shards already; wait until it ends."),
        }, cancellationToken, (connection, transaction, before, after) => before.ReshardTo is null && after.ReshardTo is not null
            ? ForgetBackfillAsync(connection, transaction, collection.Name, cancellationToken)
            : Task.CompletedTask);
    }

    public async Task<ReshardBackfillStep> BackfillNextLayoutAsync(CollectionSpec collection, int batch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockCollectionAsync(connection, transaction, collection.Name, exclusive: false, cancellationToken);
        var current = await RequireGenerationAsync(connection, transaction, collection, cancellationToken);
        var next = RequireSameResharding(current, collection).NextLayout!;
        var (after, assignedBefore) = await ReadBackfillAsync(connection, transaction, collection.Name, next, cancellationToken);
        var ids = new List<string>(batch);
        await using (var select = Command(connection, transaction,
            $"SELECT id FROM ums_products WHERE collection = @collection{(after is null ? "" : " AND id > @after")} ORDER BY id LIMIT {batch}"))
        {
            Add(select, "@collection", collection.Name);
            if (after is not null) Add(select, "@after", after);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        }
        await using (var update = Command(connection, transaction,
            $"UPDATE ums_products SET {ShardColumn(next.RoutingVersion)} = @shard WHERE collection = @collection AND id = @id"))
        {
            foreach (var id in ids)
            {
                update.Parameters.Clear();
                Add(update, "@shard", ShardRouter.ShardOf(id, next.Shards));
                Add(update, "@collection", collection.Name);
                Add(update, "@id", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        var step = new ReshardBackfillStep(ids.Count == 0 ? after : ids[^1], ids.Count, assignedBefore + ids.Count, Done: ids.Count < batch);
        if (step.LastId is not null) await SaveBackfillAsync(connection, transaction, collection.Name, next, step, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return step;
    }

    /// <summary>Where the backfill of <paramref name="next"/> stands: the last id it assigned (null: none yet) and how many it has.</summary>
    private static async Task<(string? After, long Assigned)> ReadBackfillAsync(DbConnection connection, DbTransaction transaction, string collection, CollectionSpec next, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, "SELECT after_id, assigned FROM ums_reshard_backfill WHERE collection = @collection AND layout = @layout AND shards = @shards");
        Add(select, "@collection", collection);
        Add(select, "@layout", next.RoutingVersion);
        Add(select, "@shards", next.Shards);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetInt64(1)) : (null, 0);
    }

    private static async Task SaveBackfillAsync(DbConnection connection, DbTransaction transaction, string collection, CollectionSpec next, ReshardBackfillStep step, CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction, """
            INSERT INTO ums_reshard_backfill (collection, layout, shards, after_id, assigned) VALUES (@collection, @layout, @shards, @after, @assigned)
            ON CONFLICT (collection) DO UPDATE SET layout = excluded.layout, shards = excluded.shards, after_id = excluded.after_id, assigned = excluded.assigned
            """);
        Add(upsert, "@collection", collection);
        Add(upsert, "@layout", next.RoutingVersion);
        Add(upsert, "@shards", next.Shards);
        Add(upsert, "@after", step.LastId!);
        Add(upsert, "@assigned", step.AssignedSoFar);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ForgetBackfillAsync(DbConnection connection, DbTransaction transaction, string collection, CancellationToken cancellationToken)
    {
        await using var delete = Command(connection, transaction, "DELETE FROM ums_reshard_backfill WHERE collection = @collection");
        Add(delete, "@collection", collection);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CollectionSpec> MarkBackfilledAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(collection, current => RequireSameResharding(current, collection) with { ReshardBackfilled = true }, cancellationToken);

    public async Task<CollectionSpec> SwitchLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(
            collection,
            current => RequireSameResharding(current, collection).NextLayout! with { OldLayoutShards = current.Shards },
            cancellationToken,
            (connection, transaction, _, _) => ForgetBackfillAsync(connection, transaction, collection.Name, cancellationToken));

    public async Task<CollectionSpec> ForgetOldLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(collection, current => current.RoutingVersion == collection.RoutingVersion ? current with { OldLayoutShards = null } : current, cancellationToken);

    public async Task<CollectionSpec> CancelReshardingAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(
            collection,
            current => current with { ReshardTo = null, ReshardBackfilled = false },
            cancellationToken,
            (connection, transaction, _, _) => ForgetBackfillAsync(connection, transaction, collection.Name, cancellationToken));

    public async Task<long> CountProductsAsync(string collection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await CountProductsAsync(connection, null, collection, cancellationToken);
    }

    private static async Task<long> CountProductsAsync(DbConnection connection, DbTransaction? transaction, string collection, CancellationToken cancellationToken)
    {
        await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM ums_products WHERE collection = @collection");
        Add(count, "@collection", collection);
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The stored settings when they record the same resharding (from the same layout to the same shard count) as <paramref name="expected"/>.</summary>
    private static CollectionSpec RequireSameResharding(CollectionSpec current, CollectionSpec expected) =>
        current.ReshardTo is not null && current.ReshardTo == expected.ReshardTo && current.RoutingVersion == expected.RoutingVersion
            ? current
            : throw new InvalidOperationException(
                $"collection '{current.Name}' is not being resharded from layout {expected.RoutingVersion} to {expected.ReshardTo} shards any more (layout {current.RoutingVersion}, resharding to {current.ReshardTo?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
}
