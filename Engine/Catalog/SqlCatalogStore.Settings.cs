using System.Data.Common;

namespace UmsOrleans.Engine.Catalog;

/// <summary>The settings of a collection that may change after it was created.</summary>
public abstract partial class SqlCatalogStore
{
    public async Task<CollectionSpec> SetReplicasAsync(CollectionSpec collection, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, CollectionSpec.MaxReplicas);
        return await ChangeSettingsAsync(collection, current => current with { Replicas = replicas }, cancellationToken);
    }

    /// <summary>Rewrites the collection's settings in one transaction that holds the collection exclusively (writes in flight commit first).</summary>
    /// <paramref name="alongside"/> writes more in the same transaction, given the settings before and after the change.
    private async Task<CollectionSpec> ChangeSettingsAsync(
        CollectionSpec collection, Func<CollectionSpec, CollectionSpec> change, CancellationToken cancellationToken,
        Func<DbConnection, DbTransaction, CollectionSpec, CollectionSpec, Task>? alongside = null)
    {
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockCollectionAsync(connection, transaction, collection.Name, exclusive: true, cancellationToken);
        var current = await RequireGenerationAsync(connection, transaction, collection, cancellationToken);
        var updated = change(current);
        if (updated != current) await WriteSettingsAsync(connection, transaction, updated, cancellationToken);
        if (alongside is not null) await alongside(connection, transaction, current, updated);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    private async Task WriteSettingsAsync(DbConnection connection, DbTransaction transaction, CollectionSpec updated, CancellationToken cancellationToken)
    {
        await using var update = Command(connection, transaction, "UPDATE ums_collections SET settings = @settings WHERE name = @name");
        Add(update, "@name", updated.Name);
        Add(update, "@settings", StoredCollectionSettings.Serialize(updated));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
