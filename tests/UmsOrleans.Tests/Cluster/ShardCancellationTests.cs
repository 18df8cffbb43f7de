using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;
using EngineQuery = UmsOrleans.Engine.Search.ShardQuery;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A search whose caller cancels stops in the shard. Orleans fails the caller's task at once and refuses a call
/// whose token is cancelled before it is sent, so neither shows what the shard did: the call probe records how
/// the grain method itself ended. The call is parked inside the shard (its partition load held at a gate) while
/// the caller cancels; once the cancellation has reached the silo the load is let go, and the shard must end the
/// call cancelled rather than scan and answer.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class ShardCancellationTests(TestClusterFixture fixture)
{
    private const int Dim = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(nameof(IGalleryShardGrain.SearchBatch))]
    [InlineData(nameof(IGalleryShardGrain.Search))]
    public async Task A_search_cancelled_while_in_the_shard_ends_cancelled_there_instead_of_answering(string method)
    {
        var random = new Random(method.Length);
        var spec = new CollectionSpec($"cancel-{method.ToLowerInvariant()}-{Guid.NewGuid():N}", 1, [new VectorSpace("v", Dim)]);
        var shard = fixture.Cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
        var query = new EngineQuery([RandomVectors.Query("v", 1f, RandomVectors.Unit(random, Dim))], 5).ToWire();
        async Task<int> Call(CancellationToken token) => method == nameof(IGalleryShardGrain.Search)
            ? (await shard.Search(query, token)).Length
            : (await shard.SearchBatch([query, query], token)).Sum(hits => hits.Length);

        // The shard is active with nothing loaded (first called before its collection existed); the products
        // then reach the catalog store directly, so the next call loads them, and that load waits at a gate.
        await Assert.ThrowsAsync<Contracts.CollectionNotFoundException>(() => shard.GetStats());
        var created = (await fixture.Catalog.CreateCollectionAsync(spec)).Existing;
        var store = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<ICatalogStore>();
        await store.UpsertProductsAsync(created, 0, [.. Enumerable.Range(0, 300).Select(i => new ProductRecord($"c{i}", null, null,
            ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, Dim))]))]);
        var calls = fixture.Probe.Watch(shard.GetGrainId());

        // A token cancelled before the call: refused by the caller's runtime, the shard never sees it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call(new CancellationToken(canceled: true)));
        Assert.Empty(calls.Calls);

        using (var reads = fixture.Probe.HoldShardReads(spec.Name))
        {
            using var cancellation = new CancellationTokenSource();
            var call = Call(cancellation.Token);
            await calls.Parked(1).WaitAsync(Deadline);
            var parked = Assert.Single(calls.Calls);
            Assert.Equal(method, parked.Method);
            var reachedSilo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var _ = parked.GrainSideToken.Register(() => reachedSilo.TrySetResult());

            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Deadline));
            await reachedSilo.Task.WaitAsync(Deadline);
            reads.Open();

            var ended = await parked.Ended.WaitAsync(Deadline);
            Assert.IsAssignableFrom<OperationCanceledException>(ended);
        }

        // The shard is not left broken: a live call answers from the partition it loaded.
        Assert.Equal(method == nameof(IGalleryShardGrain.Search) ? 5 : 10, await Call(CancellationToken.None).WaitAsync(Deadline));
        Assert.True(await fixture.Catalog.DeleteCollectionAsync(spec.Name));
    }
}
