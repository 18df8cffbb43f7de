using System.Collections.Immutable;
using Npgsql;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Reliability;

/// <summary>A catalog store whose PostgreSQL server is shutting down: every call but start-up fails as Npgsql reports it.</summary>
public sealed class UnavailableCatalogStore : ICatalogStore
{
    public const string ServerMessage = "the database system is shutting down";

    private static PostgresException Failure() => new(ServerMessage, "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<CollectionSpec?> GetCollectionAsync(string name, CancellationToken cancellationToken = default) => throw Failure();

    public Task<IReadOnlyList<CollectionSpec>> ListCollectionsAsync(CancellationToken cancellationToken = default) => throw Failure();

    public Task<(CollectionSpec Stored, bool Created)> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default) => throw Failure();

    public Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> SetReplicasAsync(CollectionSpec collection, int replicas, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> StartReshardingAsync(CollectionSpec collection, int shards, CancellationToken cancellationToken = default) => throw Failure();

    public Task<ReshardBackfillStep> BackfillNextLayoutAsync(CollectionSpec collection, int batch, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> MarkBackfilledAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> SwitchLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> ForgetOldLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> CancelReshardingAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => throw Failure();

    public Task<long> CountProductsAsync(string collection, CancellationToken cancellationToken = default) => throw Failure();

    public Task UpsertProductsAsync(CollectionSpec collection, int shard, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default) => throw Failure();

    public Task<bool> DeleteProductAsync(CollectionSpec collection, string id, CancellationToken cancellationToken = default) => throw Failure();

    public Task<ProductRecord?> GetProductAsync(string collection, string id, CancellationToken cancellationToken = default) => throw Failure();

    public Task<byte[]?> GetThumbnailAsync(string collection, string id, int photo = 0, CancellationToken cancellationToken = default) => throw Failure();

    public Task<ImmutableArray<byte[]>> GetThumbnailsAsync(string collection, string id, CancellationToken cancellationToken = default) => throw Failure();

    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) => throw Failure();

    public Task<StoredAdapter> SaveAdapterAsync(CollectionSpec collection, Engine.Adaptation.Adapter adapter, string label, CancellationToken cancellationToken = default) => throw Failure();

    public Task<IReadOnlyList<StoredAdapter>> ListAdaptersAsync(string collection, CancellationToken cancellationToken = default) => throw Failure();

    public Task<(StoredAdapter Info, Engine.Adaptation.Adapter Adapter)?> GetAdapterAsync(string collection, int version, CancellationToken cancellationToken = default) => throw Failure();

    public Task<CollectionSpec> SetActiveAdapterAsync(CollectionSpec collection, int? version, CancellationToken cancellationToken = default) => throw Failure();

    public async IAsyncEnumerable<ProductRecord> ReadShardAsync(string collection, int shard, int routingVersion = 0, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        throw Failure();
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }
}
