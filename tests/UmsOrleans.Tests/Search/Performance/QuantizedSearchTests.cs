using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search.Performance;

/// <summary>
/// Int8 codes + float32 rescore against brute-force truth, seeded. Threshold: recall@10 ≥ 0.99, the goal;
/// 8-bit codes perturb each score by well under the gap between the 10th and the 40th neighbour, so with
/// oversample 4 the true top 10 almost always survive into the rescore.
/// </summary>
public class QuantizedSearchTests
{
    private const double RecallGoal = 0.99;
    private const int K = 10;

    [Theory]
    [InlineData(64)]
    [InlineData(512)]
    public void Recall_at_10_on_random_unit_vectors_meets_the_goal(int dim)
    {
        var random = new Random(dim);
        var gallery = Enumerable.Range(0, 5000).Select(_ => RandomVectors.Unit(random, dim)).ToList();
        var queries = Enumerable.Range(0, 50).Select(_ => RandomVectors.Unit(random, dim)).ToList();

        Assert.True(Recall(gallery, queries, dim) >= RecallGoal);
    }

    [Fact]
    public void Scores_are_the_exact_float32_scores_and_the_order_is_the_exact_order()
    {
        var random = new Random(8);
        const int dim = 48;
        var gallery = Enumerable.Range(0, 3000).Select(_ => RandomVectors.Unit(random, dim)).ToList();
        var index = Build(gallery, dim, QuantizationSpec.Int8(oversample: 10));
        var query = RandomVectors.Unit(random, dim);

        var hits = index.Search(new ShardQuery([RandomVectors.Query("v", 0.5f, query)], K));

        Assert.Equal(K, hits.Length);
        foreach (var hit in hits) Assert.Equal(0.5 * RandomVectors.NaiveDot(query, gallery[int.Parse(hit.Id[1..])]), hit.Score, 1e-5);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.RanksBefore(p.Second)));
    }

    [Fact]
    public void Recalibrates_as_the_data_grows_beyond_the_first_range_and_survives_deletes()
    {
        // The first rows span a narrow range; later ones are 20× wider, so the first calibration would clamp them.
        var random = new Random(12);
        const int dim = 32;
        var gallery = Enumerable.Range(0, 4000).Select(i =>
        {
            var v = RandomVectors.Unit(random, dim);
            return i < 100 ? v.Select(x => x * 0.05f).ToArray() : v;
        }).ToList();
        var index = Build(gallery, dim, QuantizationSpec.Int8());
        for (var i = 0; i < gallery.Count; i += 7) index.Remove($"p{i}");
        var live = gallery.Select((v, i) => (v, i)).Where(p => p.i % 7 != 0).ToList();

        var hits = 0;
        for (var q = 0; q < 40; q++)
        {
            var query = RandomVectors.Unit(random, dim);
            var truth = live.OrderByDescending(p => RandomVectors.NaiveDot(query, p.v)).Take(K).Select(p => $"p{p.i}").ToHashSet();
            hits += index.Search(new ShardQuery([RandomVectors.Query("v", 1f, query)], K)).Count(h => truth.Contains(h.Id));
        }
        Assert.True(hits / (40.0 * K) >= RecallGoal, $"recall {hits / (40.0 * K)}");
    }

    [Fact]
    public void Recall_at_10_on_real_photo_vectors_from_the_grocery_dataset_meets_the_goal()
    {
        // Real image-derived vectors (no encoder here): each photo downscaled to 16×16 RGB, mean-centred over the
        // gallery, L2-normalised — 768 dims with the strong correlations of real data, unlike random vectors.
        var (gallery, queries) = GroceryPixelVectors.Load(galleryCount: 800, queryCount: 80);
        Assert.True(Recall(gallery, queries, GroceryPixelVectors.Dimension) >= RecallGoal);
    }

    [Fact]
    public void Recall_at_10_on_default_model_embeddings_of_grocery_photos_meets_the_goal()
    {
        // The default model's own features of 810 grocery photos (tests/fixtures/reference): every tenth photo is
        // a query, the other 729 the gallery.
        var features = UmsOrleans.Engine.Evaluation.Features.NpyReader.ReadMatrix(
            Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "reference", "grocery_default_image_features.npy"));
        var rows = Enumerable.Range(0, features.Rows).Select(r => features.Row(r).ToArray()).ToList();
        var queries = rows.Where((_, i) => i % 10 == 0).ToList();
        var gallery = rows.Where((_, i) => i % 10 != 0).ToList();
        Assert.Equal(512, features.Columns);
        var recall = Recall(gallery, queries, features.Columns);
        Assert.True(recall >= RecallGoal, $"recall@10 {recall}");
    }

    internal static double Recall(List<float[]> gallery, List<float[]> queries, int dim)
    {
        var index = Build(gallery, dim, QuantizationSpec.Int8());
        var exact = Build(gallery, dim, null);
        var found = 0;
        foreach (var query in queries)
        {
            var truth = gallery.Select((v, i) => (Score: RandomVectors.NaiveDot(query, v), Id: $"p{i}"))
                .OrderByDescending(p => p.Score).Take(K).Select(p => p.Id).ToHashSet();
            var shardQuery = new ShardQuery([RandomVectors.Query("v", 1f, query)], K);
            found += index.Search(shardQuery).Count(h => truth.Contains(h.Id));
            Assert.Equal(K, exact.Search(shardQuery).Count(h => truth.Contains(h.Id))); // the truth itself is sound
        }
        return found / (double)(queries.Count * K);
    }

    private static ShardIndex Build(List<float[]> gallery, int dim, QuantizationSpec? quantization)
    {
        var index = new ShardIndex([new VectorSpace("v", dim)], quantization);
        for (var i = 0; i < gallery.Count; i++)
        {
            index.Upsert(new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", gallery[i])]));
        }
        return index;
    }
}
