using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A shard builds its partition once, however many read-only calls arrive before the load is done: each load
/// reserves the silo's memory budget, and a second one would leak its reservation.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class ShardLoadTests(TestClusterFixture fixture)
{
    private const int Dim = 8;
    private const int ConcurrentCalls = 16;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Concurrent_first_calls_after_a_drop_and_re_create_load_the_shard_once_and_reserve_its_memory_once()
    {
        var spec = new CollectionSpec($"load-once-{Guid.NewGuid():N}", 1, [new VectorSpace("v", Dim)]);
        var shard = fixture.Cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));

        // Made, filled and loaded; then deleted: the shard drops its partition and deactivates.
        await fixture.Catalog.CreateCollectionAsync(spec);
        Assert.All(await fixture.Catalog.UpsertAsync(spec, Products("first", 100)), w => Assert.True(w.Committed, w.Error));
        Assert.Equal(100, (await shard.GetStats()).Products);
        var deactivated = fixture.Cluster.WaitForDeactivationAsync(shard.GetGrainId());
        Assert.True(await fixture.Catalog.DeleteCollectionAsync(spec.Name));
        await deactivated.WaitAsync(Deadline);

        // A call for the deleted collection activates the shard with nothing loaded (as a search of a deleted
        // collection does), and the shard stays active.
        await Assert.ThrowsAsync<Contracts.CollectionNotFoundException>(() => shard.GetStats());
        Assert.True(fixture.Cluster.TryGetGrainContext(shard.GetGrainId(), out var context));
        var budget = fixture.Cluster.GetSiloServiceProvider(context!.Address.SiloAddress).GetRequiredService<MemoryBudget>();

        // Made again under the same name, its products written to the catalog store directly (as an offline
        // ingest does), so the shard has not loaded them; its reads of the store wait at a gate.
        const int products = VectorColumn.BlockRows + 88; // two blocks
        var created = (await fixture.Catalog.CreateCollectionAsync(spec)).Existing;
        var store = fixture.Cluster.GetSiloServiceProvider(context.Address.SiloAddress).GetRequiredService<ICatalogStore>();
        await store.UpsertProductsAsync(created, 0, Products("second", products));
        var reservedBefore = budget.ReservedBytes;
        var calls = fixture.Probe.Watch(shard.GetGrainId());
        using var reads = fixture.Probe.HoldShardReads(spec.Name);
        var burst = Enumerable.Range(0, ConcurrentCalls).Select(_ => shard.GetStats()).ToArray();
        // Every call has entered the shard and waits on a load before any load may finish.
        await calls.Parked(ConcurrentCalls).WaitAsync(Deadline);
        reads.Open();
        var answers = await Task.WhenAll(burst).WaitAsync(Deadline);

        Assert.All(answers, a => Assert.Equal(products, a.Products));
        Assert.Equal(1, reads.Entered); // one read of the store
        Assert.Equal(1, ((GalleryShardGrain)context.GrainInstance!).Loads);
        var blocks = (products + VectorColumn.BlockRows - 1) / VectorColumn.BlockRows;
        // The vector blocks once, plus the products' attribute and keyword structures once (as an index of the same
        // products measures them); a second load would reserve all of it twice.
        var side = new ShardIndex(spec.Spaces);
        foreach (var product in Products("second", products)) side.Upsert(product);
        var reserved = budget.ReservedBytes - reservedBefore - blocks * VectorColumn.BytesPerBlock(Dim);
        Assert.InRange(reserved, side.SideBytes * 0.9, side.SideBytes * 1.1);

        // Deleting gives exactly that reservation back.
        Assert.True(await fixture.Catalog.DeleteCollectionAsync(spec.Name));
        Assert.Equal(reservedBefore, budget.ReservedBytes);
    }

    private static List<ProductRecord> Products(string prefix, int count)
    {
        var random = new Random(count);
        return [.. Enumerable.Range(0, count).Select(i => new ProductRecord($"{prefix}-{i}", null, null,
            ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, Dim))]))];
    }
}
