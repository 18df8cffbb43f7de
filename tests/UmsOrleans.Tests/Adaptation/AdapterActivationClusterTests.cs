using System.Numerics.Tensors;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>
/// Adapters on a real two-silo cluster over SQLite: activation makes every shard answer through the stored version
/// (brute force over the projected vectors, writes after activation included), an alignment is switched in with its
/// cross-modal reach, bad versions are refused, and after a restart of the whole cluster the shards load the active
/// adapter again and answer the same.
/// </summary>
public sealed class AdapterActivationClusterTests
{
    private const int ImageDimension = 32;
    private const int TextDimension = 16;

    [Fact]
    public async Task Activation_switches_every_shard_keeps_writes_projected_and_outlives_a_restart()
    {
        var data = TestPaths.NewTempDirectory("adapters");
        var random = new Random(21);
        var spec = new CollectionSpec("adapted", 3, [new VectorSpace("image", ImageDimension), new VectorSpace("text", TextDimension)]);
        var adapt = TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension, 12));
        var align = TestAdapters.Random(random, AdapterKind.Align, ("image", ImageDimension, 8), ("text", TextDimension, 8));
        var products = Enumerable.Range(0, 120).Select(i => TestAdapters.Product(random, $"p{i}", photos: 1 + i % 3, withTitle: i % 4 != 0, ImageDimension, TextDimension)).ToList();
        var queries = Enumerable.Range(0, 5).Select(_ => RandomVectors.Unit(random, ImageDimension)).ToList();
        var text = RandomVectors.Unit(random, TextDimension);
        List<string> beforeRestart;
        try
        {
            var (cluster, catalog) = await TestClusterFixture.StartAsync(2, data);
            await using (cluster)
            {
                spec = (await catalog.CreateCollectionAsync(spec)).Existing;
                Assert.All(await catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed, w.Error));
                var store = new SqliteCatalogStore(Path.Combine(data, "catalog.db"));
                Assert.Equal(1, (await store.SaveAdapterAsync(spec, adapt, "product")).Version);
                Assert.Equal(2, (await store.SaveAdapterAsync(spec, align, "product")).Version);
                var misfit = TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension + 4, 12));
                Assert.Equal(3, (await store.SaveAdapterAsync(spec, misfit, "product")).Version);

                spec = await catalog.ActivateAdapterAsync(spec.Name, 1);
                Assert.Equal((1, false), (spec.ActiveAdapter, spec.AdapterAligns));
                await AssertAdaptedAsync(catalog, spec, products, adapt, queries);

                // Written after activation: new products and replaced ones are projected as they arrive.
                var later = Enumerable.Range(0, 30).Select(i => TestAdapters.Product(random, $"later{i}", photos: 2, withTitle: false, ImageDimension, TextDimension))
                    .Concat(Enumerable.Range(0, 10).Select(i => TestAdapters.Product(random, $"p{i * 3}", photos: 1, withTitle: true, ImageDimension, TextDimension))).ToList();
                Assert.All(await catalog.UpsertAsync(spec, later), w => Assert.True(w.Committed, w.Error));
                products = [.. products.Where(p => !later.Any(l => l.Id == p.Id)).Concat(later)];
                await AssertAdaptedAsync(catalog, spec, products, adapt, queries);

                await Assert.ThrowsAsync<KeyNotFoundException>(() => catalog.ActivateAdapterAsync(spec.Name, 9));
                Assert.Contains("36-d 'image'", (await Assert.ThrowsAsync<ArgumentException>(() => catalog.ActivateAdapterAsync(spec.Name, 3))).Message);
                Assert.Equal(1, (await catalog.GetCollectionAsync(spec.Name))!.ActiveAdapter);

                spec = await catalog.ActivateAdapterAsync(spec.Name, 2);
                Assert.Equal((2, true), (spec.ActiveAdapter, spec.AdapterAligns));
                var photoOnly = products.First(p => p.CountIn("text") == 0);
                var raw = await catalog.SearchAsync(spec, TestAdapters.Query("text", text, products.Count));
                Assert.DoesNotContain(raw.Hits, h => h.Id == photoOnly.Id);
                var aligned = await catalog.SearchAsync(spec, TestAdapters.Query("text", text, products.Count) with { Adapter = 2 });
                Assert.False(aligned.Partial);
                Assert.Contains(aligned.Hits, h => h.Id == photoOnly.Id);
                beforeRestart = [.. aligned.Hits.Select(h => h.Id)];
            }

            var (restarted, restartedCatalog) = await TestClusterFixture.StartAsync(2, data);
            await using (restarted)
            {
                spec = (await restartedCatalog.GetCollectionAsync(spec.Name))!;
                Assert.Equal((2, true), (spec.ActiveAdapter, spec.AdapterAligns));
                var again = await restartedCatalog.SearchAsync(spec, TestAdapters.Query("text", text, products.Count) with { Adapter = 2 });
                Assert.False(again.Partial);
                Assert.Equal(beforeRestart, again.Hits.Select(h => h.Id));

                spec = await restartedCatalog.ActivateAdapterAsync(spec.Name, null);
                Assert.Null(spec.ActiveAdapter);
                Assert.Null((await restartedCatalog.GetCollectionAsync(spec.Name))!.ActiveAdapter);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task AssertAdaptedAsync(ClusterCatalog catalog, CollectionSpec spec, IReadOnlyList<ProductRecord> products, Adapter adapter, IReadOnlyList<float[]> queries)
    {
        foreach (var query in queries)
        {
            var projected = adapter.Project("image", query);
            var expected = products.Where(p => p.CountIn("image") > 0)
                .Select(p => (p.Id, Score: p.VectorsOf("image").Max(v => TensorPrimitives.Dot(projected, adapter.Project("image", v.Values)))))
                .OrderByDescending(p => p.Score).ThenBy(p => p.Id, StringComparer.Ordinal).Take(10).Select(p => p.Id).ToList();
            var answer = await catalog.SearchAsync(spec, TestAdapters.Query("image", query, 10) with { Adapter = spec.ActiveAdapter });
            Assert.False(answer.Partial);
            Assert.Equal(expected, answer.Hits.Select(h => h.Id));
        }
    }
}
