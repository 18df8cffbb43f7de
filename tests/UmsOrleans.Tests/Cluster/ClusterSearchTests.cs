using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

[Collection(TestClusterCollection.Name)]
public sealed class ClusterSearchTests(TestClusterFixture fixture)
{
    private static CollectionSpec Spec(string name) => new(name, 8, [new VectorSpace("image", 16), new VectorSpace("text", 8)]);

    private static ProductRecord Product(Random random, string id, bool image = true, bool text = true) =>
        new(id, $"title {id}", id.Length % 2 == 0 ? "even" : "odd", ImmutableDictionary<string, AttributeValue>.Empty,
            [.. image ? [SpaceVector.FromFloats("image", RandomVectors.Unit(random, 16))] : Array.Empty<SpaceVector>(),
             .. text ? [SpaceVector.FromFloats("text", RandomVectors.Unit(random, 8))] : Array.Empty<SpaceVector>()]);

    [Fact]
    public async Task Upsert_search_and_delete_through_the_fan_out_path()
    {
        var random = new Random(21);
        var spec = Spec($"fanout-{Guid.NewGuid():N}");
        await fixture.Catalog.CreateCollectionAsync(spec);
        var products = Enumerable.Range(0, 300).Select(i => Product(random, $"p{i}", image: i % 5 != 0, text: i % 7 != 0)).ToList();

        var written = await fixture.Catalog.UpsertAsync(spec, products);
        Assert.All(written, w => Assert.True(w.Committed, w.Error));

        var target = products[42];
        var query = new ShardQuery([new QueryVector("image", 1f, target.FindVector("image")!.Data)], 5);
        var result = await fixture.Catalog.SearchAsync(spec, query);
        Assert.False(result.Partial);
        Assert.Equal("p42", result.Hits[0].Id);
        Assert.Equal(1f, result.Hits[0].Score, 1e-5);
        Assert.Equal(ShardRouter.ShardOf("p42", 8), result.Hits[0].Shard);

        var everything = await fixture.Catalog.SearchAsync(spec, query with { K = 1000 });
        Assert.Equal(240, everything.Hits.Count); // every product with a photo (1 in 5 has none)
        Assert.Equal(240, everything.Hits.Select(h => h.Id).Distinct().Count());

        Assert.True(await fixture.Catalog.DeleteProductAsync(spec, "p42"));
        var afterDelete = await fixture.Catalog.SearchAsync(spec, query);
        Assert.DoesNotContain(afterDelete.Hits, h => h.Id == "p42");
        Assert.Null(await fixture.Catalog.GetProductAsync(spec, "p42"));

        var stats = await fixture.Catalog.GetShardStatsAsync(spec);
        Assert.Equal(299, stats.Sum(s => s.Products));
        Assert.Equal(products.Count(p => p.Id != "p42" && p.FindVector("image") is not null), stats.Sum(s => s.VectorsPerSpace["image"]));
    }

    [Fact]
    public async Task Batched_search_through_the_cluster_equals_single_queries()
    {
        var random = new Random(5);
        var spec = Spec($"batch-{Guid.NewGuid():N}");
        await fixture.Catalog.CreateCollectionAsync(spec);
        await fixture.Catalog.UpsertAsync(spec, Enumerable.Range(0, 200).Select(i => Product(random, $"b{i}")).ToList());
        var queries = Enumerable.Range(0, 9).Select(i => new ShardQuery(
            [new QueryVector("image", 1f, SpaceVector.FromFloats("image", RandomVectors.Unit(random, 16)).Data),
             new QueryVector("text", 0.5f, SpaceVector.FromFloats("text", RandomVectors.Unit(random, 8)).Data)],
            3 + i, i % 2 == 0 ? TestFilters.Category("even") : null)).ToList();

        var batched = await fixture.Catalog.SearchBatchAsync(spec, queries);

        for (var q = 0; q < queries.Count; q++)
        {
            var single = await fixture.Catalog.SearchAsync(spec, queries[q]);
            Assert.Equal(single.Hits.Select(h => h.Id), batched[q].Hits.Select(h => h.Id));
            if (queries[q].Filter is not null) Assert.All(batched[q].Hits, h => Assert.Equal("even", h.Category));
        }
    }

    [Fact]
    public async Task Searching_a_deleted_collection_says_so()
    {
        var random = new Random(8);
        var spec = Spec($"deleted-{Guid.NewGuid():N}");
        await fixture.Catalog.CreateCollectionAsync(spec);
        await fixture.Catalog.UpsertAsync(spec, [Product(random, "only")]);
        Assert.True(await fixture.Catalog.DeleteCollectionAsync(spec.Name));

        Assert.Null(await fixture.Catalog.GetCollectionAsync(spec.Name));
        var query = new ShardQuery([new QueryVector("text", 1f, SpaceVector.FromFloats("text", RandomVectors.Unit(random, 8)).Data)], 3);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => fixture.Catalog.SearchAsync(spec, query));
    }

    [Fact]
    public async Task A_shard_called_before_its_collection_exists_serves_the_collection_once_created()
    {
        var spec = Spec($"early-{Guid.NewGuid():N}");
        var shard = fixture.Cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
        await Assert.ThrowsAsync<Contracts.CollectionNotFoundException>(() => shard.GetStats());

        await fixture.Catalog.CreateCollectionAsync(spec);
        Assert.All(await fixture.Catalog.UpsertAsync(spec, [Product(new Random(2), "late")]), w => Assert.True(w.Committed, w.Error));

        Assert.Equal(1, (await fixture.Catalog.GetShardStatsAsync(spec)).Sum(s => s.Products));
    }
}
