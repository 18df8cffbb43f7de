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

    public async Task<CollectionSpec> StartReshardingAsync(CollectionSpec collection, int shards, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return await ChangeSettingsAsync(collection, current => current.ReshardTo switch
        {
            null when current.Shards == shards => current,
            null => current with { ReshardTo = shards },
            { } running when running == shards => current,
            { } running => throw new InvalidOperationException($"collection '{collection.Name}' is being resharded to {running} shards already; wait until it ends."),
        }, cancellationToken);
    }

    public async Task<ReshardBackfillStep> BackfillNextLayoutAsync(CollectionSpec collection, string? after, int batch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockCollectionAsync(connection, transaction, collection.Name, exclusive: false, cancellationToken);
        var current = await RequireGenerationAsync(connection, transaction, collection, cancellationToken);
        var next = RequireSameResharding(current, collection).NextLayout!;
        var ids = new List<string>(batch);
        await using (var select = Command(connection, transaction,
            $"SELECT id FROM ums_products WHERE collection = @collection{(after is null ? "" : " AND id > @after")} ORDER BY id LIMIT {batch}"))
        {
            Add(select, "@collection", collection.Name);
            if (after is not null) Add(select, "@after", after);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        }
        await using var update = Command(connection, transaction,
            $"UPDATE ums_products SET {ShardColumn(next.RoutingVersion)} = @shard WHERE collection = @collection AND id = @id");
        foreach (var id in ids)
        {
            update.Parameters.Clear();
            Add(update, "@shard", ShardRouter.ShardOf(id, next.Shards));
            Add(update, "@collection", collection.Name);
            Add(update, "@id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReshardBackfillStep(ids.Count == 0 ? after : ids[^1], ids.Count, Done: ids.Count < batch);
    }

    public async Task<CollectionSpec> MarkBackfilledAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(collection, current => RequireSameResharding(current, collection) with { ReshardBackfilled = true }, cancellationToken);

    public async Task<CollectionSpec> SwitchLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(collection, current => RequireSameResharding(current, collection).NextLayout!, cancellationToken);

    public async Task<CollectionSpec> CancelReshardingAsync(CollectionSpec collection, CancellationToken cancellationToken = default) =>
        await ChangeSettingsAsync(collection, current => current with { ReshardTo = null, ReshardBackfilled = false }, cancellationToken);

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
