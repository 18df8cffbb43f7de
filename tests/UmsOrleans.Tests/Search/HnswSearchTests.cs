using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// A shard whose spaces have HNSW graphs, against the same shard scanned exactly: recall on clustered seeded data,
/// writes visible at once (products move slots on delete, rows move on every write), one hit per product with
/// several photos, filters as exact as the scan.
/// </summary>
public sealed class HnswSearchTests
{
    private const int Dim = 48;

    /// <summary>
    /// The product's recall goal at the default ef (64). Clustered data this small is easy for the graph, so falling
    /// below it means the graph, the key map or the grouping broke, not noise.
    /// </summary>
    private const double MinRecallAt10 = 0.95;

    [Theory]
    [InlineData(AnnPrecision.I8)]
    [InlineData(AnnPrecision.Bf16)]
    [InlineData(AnnPrecision.F16)]
    public void Recall_at_10_against_the_exact_scan_on_clustered_seeded_data_meets_the_goal(AnnPrecision precision)
    {
        var (flat, hnsw, _) = Pair(ClusteredProducts(new Random(5), 6000, photos: 1), precision);
        var random = new Random(6);
        var queries = Enumerable.Range(0, 100).Select(_ => NearCluster(random)).ToList();

        var recall = MeanRecall(flat, hnsw, queries, ef: null);

        Assert.True(recall >= MinRecallAt10, $"recall@10 {recall:F3} < {MinRecallAt10}");
        Assert.True(MeanRecall(flat, hnsw, queries, ef: 256) >= recall - 0.005, "a larger ef must not lose recall");
    }

    [Fact]
    public void Only_one_vector_queries_on_a_space_with_a_built_graph_search_the_graph()
    {
        var products = ClusteredProducts(new Random(9), 200, photos: 1);
        var (flat, hnsw, _) = Pair(products);
        var unbuilt = new ShardIndex([new VectorSpace("image", Dim)], index: AnnIndexSpec.Hnsw());
        foreach (var product in products) unbuilt.Upsert(product);
        var one = new ShardQuery([Query(NearCluster(new Random(10)))], 10);

        Assert.True(hnsw.SearchesGraph(one));
        Assert.False(flat.SearchesGraph(one));
        Assert.False(unbuilt.SearchesGraph(one));
        Assert.False(hnsw.SearchesGraph(new ShardQuery([Query(NearCluster(new Random(11))), Query(NearCluster(new Random(12)))], 10)));
        Assert.False(hnsw.SearchesGraph(one with { Adapter = 1 }));
    }

    [Fact]
    public async Task The_shards_search_queues_answer_graph_and_scan_queries_as_the_index_does()
    {
        var (flat, hnsw, _) = Pair(ClusteredProducts(new Random(13), 500, photos: 1));
        var random = new Random(14);
        var queries = Enumerable.Range(0, 20).Select(_ => new ShardQuery([Query(NearCluster(random))], 10)).ToList();

        foreach (var index in new[] { flat, hnsw })
        {
            var queues = new ShardSearchQueues(index, index.SearchBatch, maxBatch: 8);
            var answers = await Task.WhenAll(queries.Select(q => queues.Submit(q)));
            Assert.Equal(queries.Select(q => Ids(index, index.Search(q))), answers.Select(a => Ids(index, a)));
        }
    }

    private static string[] Ids(ShardIndex index, RankedCandidate[] candidates) => [.. candidates.Select(c => index.ToHit(c, 0).Id)];

    [Fact]
    public void Upserts_and_deletes_are_visible_at_once_through_the_graph()
    {
        var products = ClusteredProducts(new Random(7), 2000, photos: 1);
        var (_, hnsw, _) = Pair(products);
        var random = new Random(8);

        var target = NearCluster(random);
        hnsw.Upsert(Product("new", [target]));
        Assert.Equal("new", Top(hnsw, target).Id);

        // A replaced vector: the old one is gone from the graph, the new one found.
        var elsewhere = NearCluster(random);
        hnsw.Upsert(Product("new", [elsewhere]));
        Assert.Equal("new", Top(hnsw, elsewhere).Id);
        Assert.DoesNotContain(hnsw.Search(new ShardQuery([Query(target)], 10)), h => h.Id == "new" && h.Score > 0.999f);

        // Deletes move the last product into the freed slot: the moved product is still found under its own id.
        var moved = products[^1];
        Assert.True(hnsw.Remove(products[0].Id));
        Assert.True(hnsw.Remove("new"));
        var movedVector = moved.Vectors[0].Values.ToArray();
        Assert.Equal(moved.Id, Top(hnsw, movedVector).Id);
        Assert.DoesNotContain(hnsw.Search(new ShardQuery([Query(elsewhere)], 50)), h => h.Id == "new");
        Assert.DoesNotContain(hnsw.Search(new ShardQuery([Query(products[0].Vectors[0].Values.ToArray())], 50)), h => h.Id == products[0].Id);
    }

    [Fact]
    public void Products_with_several_photos_give_one_hit_each_and_the_same_scores_as_the_scan()
    {
        var (flat, hnsw, _) = Pair(ClusteredProducts(new Random(9), 1500, photos: 4));
        var random = new Random(10);
        var found = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = NearCluster(random);
            var graph = hnsw.Search(new ShardQuery([Query(query)], 10, Ef: 256));
            // The graph is built on all cores in no fixed order, so a rare miss is possible: ids are held to the
            // recall goal, while every score the graph gives must be the product's exact (best-photo) score.
            var exact = flat.Search(new ShardQuery([Query(query)], 1500)).ToDictionary(h => h.Id, h => h.Score);
            var top = flat.Search(new ShardQuery([Query(query)], 10)).Select(h => h.Id).ToHashSet();
            Assert.Equal(10, graph.Length);
            Assert.Equal(graph.Length, graph.Select(h => h.Id).Distinct().Count());
            Assert.All(graph, h => Assert.Equal(exact[h.Id], h.Score));
            found += graph.Count(h => top.Contains(h.Id));
        }
        Assert.True(found / 200.0 >= MinRecallAt10, $"recall@10 {found / 200.0:F3} < {MinRecallAt10}");
    }

    [Fact]
    public void Filters_return_the_ids_of_the_exact_filtered_scan_broad_through_the_traversal_narrow_through_the_scan()
    {
        var (flat, hnsw, products) = Pair(ClusteredProducts(new Random(11), 3000, photos: 2));
        var categories = products.ToDictionary(p => p.Id, p => p.Category);
        var random = new Random(12);
        // "rare" keeps ~1 % (below the share: the exact scan, so exactly the exact answer).
        for (var q = 0; q < 20; q++)
        {
            var query = NearCluster(random);
            var graph = hnsw.Search(new ShardQuery([Query(query)], 10, TestFilters.Category("rare"), Ef: 256));
            var exact = flat.Search(new ShardQuery([Query(query)], 10, TestFilters.Category("rare")));
            Assert.NotEmpty(exact);
            Assert.Equal(exact.Select(h => h.Id), graph.Select(h => h.Id));
        }
        // c3 keeps ~10 % (the filtered traversal of a graph built in parallel, so in no fixed order): only the filter's
        // products, and at ef 256 all but a rare true hit of the exact answer.
        var found = 0;
        var wanted = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = NearCluster(random);
            var graph = hnsw.Search(new ShardQuery([Query(query)], 10, TestFilters.Category("c3"), Ef: 256));
            var exact = flat.Search(new ShardQuery([Query(query)], 10, TestFilters.Category("c3"))).Select(h => h.Id).ToHashSet();
            Assert.Equal(exact.Count, graph.Count());
            Assert.All(graph, h => Assert.Equal("c3", categories[h.Id]));
            found += graph.Count(h => exact.Contains(h.Id));
            wanted += exact.Count;
        }
        Assert.True(found >= FilteredTraversalRecall * wanted, $"the filtered traversal found {found} of the exact scan's {wanted} hits");
        var excluded = flat.Search(new ShardQuery([Query(NearCluster(random))], 3)).Select(h => h.Id).ToImmutableArray();
        var probe = NearCluster(random);
        Assert.DoesNotContain(hnsw.Search(new ShardQuery([Query(probe)], 10, Exclude: excluded)), h => excluded.Contains(h.Id));
    }

    [Fact]
    public void Min_score_and_a_flat_collection_behave_as_before()
    {
        var (flat, hnsw, products) = Pair(ClusteredProducts(new Random(13), 500, photos: 1));
        Assert.False(flat.HasAnn);
        Assert.True(hnsw.HasAnn);
        var query = products[0].Vectors[0].Values.ToArray();
        var hits = hnsw.Search(new ShardQuery([Query(query)], 50, MinScore: 0.9f));
        Assert.All(hits, h => Assert.True(h.Score >= 0.9f));
        Assert.Equal(flat.Search(new ShardQuery([Query(query)], 50, MinScore: 0.9f)).Select(h => h.Id), hits.Select(h => h.Id));
    }

    /// <summary>Share of the exact filtered top 10 the traversal must find at ef 256 (one miss in 200 measured; it was exact in 7 of 8 runs).</summary>
    private const double FilteredTraversalRecall = 0.98;

    private static double MeanRecall(ShardIndex flat, ShardIndex hnsw, List<float[]> queries, int? ef) =>
        queries.Average(query =>
        {
            var truth = flat.Search(new ShardQuery([Query(query)], 10)).Select(h => h.Id).ToHashSet();
            return hnsw.Search(new ShardQuery([Query(query)], 10, Ef: ef)).Count(h => truth.Contains(h.Id)) / 10.0;
        });

    private static (ShardIndex Flat, ShardIndex Hnsw, List<ProductRecord> Products) Pair(List<ProductRecord> products, AnnPrecision precision = AnnIndexSpec.DefaultPrecision)
    {
        var flat = new ShardIndex([new VectorSpace("image", Dim)]);
        var hnsw = new ShardIndex([new VectorSpace("image", Dim)], index: AnnIndexSpec.Hnsw(precision: precision));
        // Half before the build (the load), half after (incremental adds).
        foreach (var product in products.Take(products.Count / 2)) hnsw.Upsert(product);
        hnsw.BuildAnn();
        foreach (var product in products.Skip(products.Count / 2)) hnsw.Upsert(product);
        foreach (var product in products) flat.Upsert(product);
        return (flat, hnsw, products);
    }

    private static SearchHit Top(ShardIndex index, float[] query) => index.ToHit(index.Search(new ShardQuery([Query(query)], 1))[0], 0);

    private static QueryVector Query(float[] values) => RandomVectors.Query("image", 1f, values);

    private static readonly float[][] Centres = MakeCentres();

    private static float[][] MakeCentres()
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, 40).Select(_ => RandomVectors.Unit(random, Dim))];
    }

    /// <summary>A unit vector near one of 40 fixed centres (photos of one product sit near each other).</summary>
    private static float[] NearCluster(Random random, float[]? centre = null, float spread = 0.6f)
    {
        centre ??= Centres[random.Next(Centres.Length)];
        var noise = RandomVectors.Unit(random, Dim);
        var v = centre.Select((c, i) => c + spread * noise[i]).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    private static List<ProductRecord> ClusteredProducts(Random random, int count, int photos) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var anchor = NearCluster(random);
            return Product($"p{i:D5}", [.. Enumerable.Range(0, photos).Select(_ => NearCluster(random, anchor, 0.3f))], i % 100 == 0 ? "rare" : $"c{i % 10}");
        })];

    private static ProductRecord Product(string id, float[][] photos, string? category = null) =>
        new(id, null, category, ImmutableDictionary<string, AttributeValue>.Empty, [.. photos.Select(p => SpaceVector.FromFloats("image", p))]);
}
