using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// A shard of an HNSW collection saves its graph to the silo's graph cache once it is built (the engine tests show a
/// saved graph being started from and reconciled), and a dropped collection leaves no saved graph behind.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class HnswGraphCacheClusterTests(TestClusterFixture fixture)
{
    private const int Dim = 8;

    [Fact]
    public async Task A_loaded_hnsw_shard_saves_its_graph_and_a_drop_deletes_it()
    {
        var spec = new CollectionSpec($"graph-cache-{Guid.NewGuid():N}", 1, [new VectorSpace("v", Dim)], Index: AnnIndexSpec.Hnsw(m: 8));
        var shard = fixture.Cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
        await fixture.Catalog.CreateCollectionAsync(spec);
        Assert.All(await fixture.Catalog.UpsertAsync(spec, Products(200)), w => Assert.True(w.Committed, w.Error));

        Assert.Equal(200, (await shard.GetStats()).Products);
        Assert.True(fixture.Cluster.TryGetGrainContext(shard.GetGrainId(), out var context));
        var services = fixture.Cluster.GetSiloServiceProvider(context!.Address.SiloAddress);
        var folder = Path.Combine(
            services.GetRequiredService<IOptions<ShardOptions>>().Value.EffectiveAnnCacheDirectory(services.GetRequiredService<IOptions<CatalogOptions>>().Value),
            spec.Name, "0");
        Assert.Equal(["v-d8-m8-efc200-i8.keys", "v-d8-m8-efc200-i8.usearch"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        Assert.True(await fixture.Catalog.DeleteCollectionAsync(spec.Name));
        Assert.False(Directory.Exists(folder));
    }

    private static List<ProductRecord> Products(int count)
    {
        var random = new Random(count);
        return [.. Enumerable.Range(0, count).Select(i => new ProductRecord($"p-{i}", null, null,
            ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, Dim))]))];
    }
}
