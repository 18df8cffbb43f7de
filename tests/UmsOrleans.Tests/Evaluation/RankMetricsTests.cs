using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Tests.Evaluation;

public sealed class RankMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Image_to_text_takes_the_best_rank_among_the_ground_truth_captions()
    {
        // Captions 0..5 belong to images 0 0 1 1 2 2. Each image ranks all six captions.
        int[] captionImages = [0, 0, 1, 1, 2, 2];
        int[] images = [0, 1, 2];
        int[][] ranked =
        [
            [2, 1, 0, 3, 4, 5], // image 0: its captions sit at ranks 1 and 2 -> best 0-based rank 1
            [3, 0, 1, 2, 4, 5], // image 1: caption 3 first -> rank 0
            [0, 1, 2, 3, 5, 4], // image 2: captions 5 and 4 at ranks 4 and 5 -> rank 4
        ];

        var result = RankMetrics.Compute(ranked, images, captionImages, [1, 2, 5, 10]);

        // R@1: rank < 1 -> image 1 -> 1/3. R@2: images 0, 1 -> 2/3. R@5 and R@10 (10 > 6 captions): all -> 1.
        Assert.Equal(1.0 / 3, result.RecallAtK[0].Value, Tolerance);
        Assert.Equal(2.0 / 3, result.RecallAtK[1].Value, Tolerance);
        Assert.Equal(1.0, result.RecallAtK[2].Value, Tolerance);
        Assert.Equal(1.0, result.RecallAtK[3].Value, Tolerance);
        // Mean 1-based rank = (2 + 1 + 5) / 3 = 8/3.
        Assert.Equal(8.0 / 3, result.MeanRank, Tolerance);
    }

    [Fact]
    public void Text_to_image_leaves_out_captions_whose_image_is_missing_and_counts_them()
    {
        // Gallery: images 0 and 1 (image 2 was skipped). Captions of images 0, 1 and 2.
        int[] gallery = [0, 1];
        int[] captions = [0, 1, 2];
        int[][] ranked = [[1, 0], [1, 0], [0, 1]]; // ranks 1, 0, and no relevant image for caption 2

        var result = RankMetrics.Compute(ranked, captions, gallery, [1, 5]);

        Assert.Equal(0.5, result.RecallAtK[0].Value, Tolerance);
        Assert.Equal(1.0, result.RecallAtK[1].Value, Tolerance);
        Assert.Equal((2 + 1) / 2.0, result.MeanRank, Tolerance);
        Assert.Equal(2, result.Queries);
        Assert.Equal(1, result.QueriesWithoutRelevant);
        Assert.Equal(["t2i_r@1", "t2i_r@5", "t2i_mean_rank"], result.ToMetricValues("t2i").Select(m => m.Name));
    }

    [Fact]
    public void A_truncated_list_without_the_relevant_item_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RankMetrics.Compute([[1]], [0], [0, 1], [1]));
    }
}
