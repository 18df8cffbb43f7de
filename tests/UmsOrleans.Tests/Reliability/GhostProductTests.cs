using UmsOrleans.Engine.Catalog;
using UmsOrleans.Tests.Cluster;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// Deleting a collection while clients write to it leaves nothing behind: before collection generations, a shard's
/// write could commit between the store's delete and the shards' drop, and its rows reappeared in a collection
/// created again under the same name (or broke it, when created with another dimension).
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class GhostProductTests(TestClusterFixture fixture)
{
    private const int Writers = 4;
    private const int BatchSize = 50;

    [Fact]
    public async Task A_collection_deleted_during_writes_comes_back_empty_even_with_another_dimension()
    {
        for (var round = 0; round < 10; round++)
        {
            var name = $"ghosts-{round}-{Guid.NewGuid():N}";
            var spec = new CollectionSpec(name, 4, [new VectorSpace("v", 4)]);
            Assert.Equal(CreateCollectionStatus.Created, (await fixture.Catalog.CreateCollectionAsync(spec)).Status);
            using var everyWriterCommitted = new CountdownEvent(Writers);
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteUntilGoneAsync(spec, writer, everyWriterCommitted))).ToList();
            Assert.True(everyWriterCommitted.Wait(TimeSpan.FromSeconds(60)), "the writers never committed");

            Assert.True(await fixture.Catalog.DeleteCollectionAsync(name));
            await Task.WhenAll(writers);

            var again = new CollectionSpec(name, 4, [new VectorSpace("v", 6)]);
            Assert.Equal(CreateCollectionStatus.Created, (await fixture.Catalog.CreateCollectionAsync(again)).Status);
            var stats = await fixture.Catalog.GetShardStatsAsync(again);
            Assert.True(stats.Sum(s => s.Products) == 0, $"round {round}: {stats.Sum(s => s.Products)} products outlived their collection");
            var written = await fixture.Catalog.UpsertAsync(again, [new ProductRecord("fresh", null, null, [], [SpaceVector.FromFloats("v", [1, 0, 0, 0, 0, 0])])]);
            Assert.True(written.Single().Committed, written.Single().Error);
            await fixture.Catalog.DeleteCollectionAsync(name);
        }
    }

    /// <summary>Posts batches until the collection is gone; every batch either commits whole or is refused whole.</summary>
    private async Task WriteUntilGoneAsync(CollectionSpec spec, int writer, CountdownEvent committed)
    {
        var random = new Random(writer);
        for (var batch = 0; ; batch++)
        {
            var products = Enumerable.Range(0, BatchSize)
                .Select(i => new ProductRecord($"w{writer}-b{batch}-{i}", null, null, [], [SpaceVector.FromFloats("v", UnitVector(random))]))
                .ToList();
            try
            {
                var results = await fixture.Catalog.UpsertAsync(spec, products);
                Assert.All(results, r => Assert.True(r.Committed, r.Error));
            }
            catch (CollectionNotFoundException)
            {
                return;
            }
            if (batch == 0) committed.Signal();
        }
    }

    private static float[] UnitVector(Random random)
    {
        var values = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble() + 0.1f).ToArray();
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return [.. values.Select(v => v / norm)];
    }
}
