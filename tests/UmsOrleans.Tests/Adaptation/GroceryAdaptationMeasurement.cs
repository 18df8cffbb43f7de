using System.Diagnostics;
using UmsOrleans.Engine.Adaptation;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>
/// Adapters learned from the grocery train photos and titles (the catalog's <c>train</c> split), measured on
/// test photos never trained on: photo → product across capture sessions, and title ↔ photo through a
/// learned alignment. Vectors come from the default model, encoded once for the class.
/// </summary>
public sealed class GroceryAdaptationMeasurement(GroceryVectorsFixture grocery, ITestOutputHelper output) : IClassFixture<GroceryVectorsFixture>
{
    private const int GalleryPhotosPerProduct = 5;

    /// <summary>Issue #14's goal for train → test photo top-1 (raw default model: about 0.35–0.42).</summary>
    private const double AdaptedTopOneGoal = 0.60;

    /// <summary>The adapter must be a clear gain, not noise: at least this much over raw on the same queries.</summary>
    private const double MinimumGainOverRaw = 0.15;

    /// <summary>Issue #14's goal: a title finds a photo of its product among the first 10.</summary>
    private const double TitleTopTenGoal = 0.50;

    /// <summary>Photo → title among the 81 titles; chance is 1/81.</summary>
    private const double PhotoToTitleFloor = 0.50;

    /// <summary>
    /// Titles of products left out of the alignment's training, among all test photos: chance is about 0.12
    /// (10 of 810 photos per product, 10 tries); the alignment must transfer to new titles well above that.
    /// </summary>
    private const double UnseenTitleTopTenFloor = 0.30;

    [Fact]
    public void Adapted_photos_find_their_product_across_capture_sessions()
    {
        var (gallery, galleryLabels) = FirstPerProduct(grocery.Train, GalleryPhotosPerProduct);
        var (queries, queryLabels) = FirstPerProduct(grocery.Test, 1);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var adapter = AdaptationTrainer.Train(grocery.Train.Vectors, grocery.Train.Labels);
        var trainingTime = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        clock.Restart();
        var adaptedQueries = adapter.Project("image", queries);
        var adaptedGallery = adapter.Project("image", gallery);
        var adaptedTest = adapter.Project("image", grocery.Test.Vectors);
        var projectionTime = clock.Elapsed;

        var raw = Retrieval.HitRate(queries, queryLabels, gallery, galleryLabels, 1);
        var adapted = Retrieval.HitRate(adaptedQueries, queryLabels, adaptedGallery, galleryLabels, 1);
        var rawAllTest = Retrieval.HitRate(grocery.Test.Vectors, grocery.Test.Labels, gallery, galleryLabels, 1);
        var adaptedAllTest = Retrieval.HitRate(adaptedTest, grocery.Test.Labels, adaptedGallery, galleryLabels, 1);
        output.WriteLine($"encoded {grocery.Train.Vectors.Count} train + {grocery.Test.Vectors.Count} test photos and {grocery.Titles.Count} titles in {grocery.EncodingTime.TotalSeconds:F0} s");
        output.WriteLine($"adapter: {adapter.Maps[0].InputDimension} → {adapter.TargetDimension}, shrinkage {adapter.Training.Regularisation}, "
            + $"trained in {trainingTime.TotalSeconds:F1} s, {allocated / 1e6:F0} MB allocated; {grocery.Test.Vectors.Count + queries.Count + gallery.Count} projections in {projectionTime.TotalMilliseconds:F0} ms");
        foreach (var score in adapter.Validation) output.WriteLine($"  validation {score}");
        output.WriteLine($"top-1, {queries.Count} queries (first test photo per product): raw {raw:F3}, adapted {adapted:F3}");
        output.WriteLine($"top-1, all {grocery.Test.Vectors.Count} test photos as queries: raw {rawAllTest:F3}, adapted {adaptedAllTest:F3}");

        Assert.True(adapted >= raw + MinimumGainOverRaw, $"adapted {adapted:F3} vs raw {raw:F3}");
        // The goal is checked on the mean over every encoded test photo (the one-photo-per-product protocol
        // averaged over 10 draws): 81 queries alone move by ±0.05 from which photo is drawn.
        Assert.True(adaptedAllTest >= AdaptedTopOneGoal, $"adapted top-1 {adaptedAllTest:F3} is under the goal {AdaptedTopOneGoal}");
    }

    [Fact]
    public void Titles_and_photos_find_each_other_through_the_alignment()
    {
        var clock = Stopwatch.StartNew();
        var alignment = AlignmentTrainer.Train(grocery.Train.Vectors, PairedTitles(grocery.Train.Labels), grocery.Train.Labels);
        var trainingTime = clock.Elapsed;
        var photos = alignment.Project("image", grocery.Test.Vectors);
        var titles = alignment.Project("text", grocery.Titles);

        var titleToPhoto = Retrieval.HitRate(titles, grocery.Products, photos, grocery.Test.Labels, 10);
        var photoToTitle = Retrieval.HitRate(photos, grocery.Test.Labels, titles, grocery.Products, 1);
        output.WriteLine($"alignment: {alignment.Training.Method}, {alignment.TargetDimension} shared dimensions, regularisation {alignment.Training.Regularisation}, trained in {trainingTime.TotalSeconds:F1} s");
        output.WriteLine($"title → photo in top 10: {titleToPhoto:F3} of {grocery.Products.Count} products; photo → title top-1: {photoToTitle:F3} of {grocery.Test.Vectors.Count} test photos");

        Assert.True(titleToPhoto >= TitleTopTenGoal, $"title → photo top-10 {titleToPhoto:F3}");
        Assert.True(photoToTitle >= PhotoToTitleFloor, $"photo → title top-1 {photoToTitle:F3}");
    }

    [Fact]
    public void The_alignment_carries_over_to_titles_it_was_not_trained_on()
    {
        // Every fourth product is left out of training altogether; its title must still find its test photos.
        var unseen = grocery.Products.Where((_, i) => i % 4 == 0).ToHashSet();
        var seenRows = Enumerable.Range(0, grocery.Train.Labels.Count).Where(i => !unseen.Contains(grocery.Train.Labels[i])).ToArray();
        var seenLabels = seenRows.Select(i => grocery.Train.Labels[i]).ToArray();
        var alignment = AlignmentTrainer.Train(grocery.Train.Vectors.Select(seenRows), PairedTitles(seenLabels), seenLabels);

        var unseenProducts = Enumerable.Range(0, grocery.Products.Count).Where(i => unseen.Contains(grocery.Products[i])).ToArray();
        var titles = alignment.Project("text", grocery.Titles.Select(unseenProducts));
        var photos = alignment.Project("image", grocery.Test.Vectors);
        var titleToPhoto = Retrieval.HitRate(titles, [.. unseenProducts.Select(i => grocery.Products[i])], photos, grocery.Test.Labels, 10);
        output.WriteLine($"{unseen.Count} products never trained on: title → photo in top 10 among all {photos.Count} test photos: {titleToPhoto:F3}");

        Assert.True(titleToPhoto >= UnseenTitleTopTenFloor, $"unseen title → photo top-10 {titleToPhoto:F3}");
    }

    private VectorRows PairedTitles(IReadOnlyList<string> labels)
    {
        var index = grocery.Products.Select((product, i) => (product, i)).ToDictionary(p => p.product, p => p.i);
        return grocery.Titles.Select([.. labels.Select(label => index[label])]);
    }

    private static (VectorRows Rows, string[] Labels) FirstPerProduct(LabeledPhotos photos, int perProduct)
    {
        var chosen = Enumerable.Range(0, photos.Labels.Count).GroupBy(i => photos.Labels[i]).SelectMany(g => g.Take(perProduct)).ToList();
        return (photos.Vectors.Select(chosen), [.. chosen.Select(i => photos.Labels[i])]);
    }
}
