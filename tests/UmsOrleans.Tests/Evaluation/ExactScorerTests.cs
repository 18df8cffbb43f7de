using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Tests.Evaluation;

public sealed class ExactScorerTests
{
    [Fact]
    public void Ties_go_to_the_smaller_gallery_position()
    {
        // Query (1,0) against (0,1) (1,0) (1,0) (0.6,0.8): scores 0, 1, 1, 0.6 -> 1 and 2 tie, 1 first.
        var gallery = new FeatureMatrix([0, 1, 1, 0, 1, 0, 0.6f, 0.8f], 4, 2);
        var query = new FeatureMatrix([1, 0], 1, 2);

        Assert.Equal([1, 2, 3, 0], ExactScorer.Rank(query, gallery, k: 10)[0]); // k > gallery: whole gallery
        Assert.Equal([1, 2], ExactScorer.Rank(query, gallery, k: 2)[0]);
    }

    [Fact]
    public void Leave_one_out_equals_a_k_plus_one_search_with_the_query_dropped_by_index()
    {
        // Rows 0 and 2 are identical, so query 2 ties with row 0 at score 1 and row 0 ranks first.
        var items = new FeatureMatrix([1, 0, 0, 1, 1, 0, 0.6f, 0.8f], 4, 2);
        var leaveOneOut = ExactScorer.Rank(items, items, k: 2, leaveOneOut: true);
        var withSelf = ExactScorer.Rank(items, items, k: 3);

        Assert.Equal([0, 2, 3], withSelf[2]);
        Assert.Equal([0, 3], leaveOneOut[2]);
        for (var q = 0; q < items.Rows; q++)
        {
            Assert.Equal(leaveOneOut[q], RankedLists.DropSelf(withSelf[q], q, 2));
        }
    }

    [Fact]
    public void Scores_are_inner_products_of_the_rows()
    {
        // Query (0.6, 0.8): gallery (1,0) -> 0.6, (0,1) -> 0.8, (-1,0) -> -0.6.
        var gallery = new FeatureMatrix([1, 0, 0, 1, -1, 0], 3, 2);
        Assert.Equal([1, 0, 2], ExactScorer.Rank(new FeatureMatrix([0.6f, 0.8f], 1, 2), gallery, 3)[0]);
    }
}
