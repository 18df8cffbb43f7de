using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Tests.Evaluation;

public sealed class RetrievalMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Leave_one_out_recall_and_map_at_r_match_the_hand_computation()
    {
        // Items 0..4 with labels A A B B A (A=0, B=1). Lists already exclude the query itself.
        int[] labels = [0, 0, 1, 1, 0];
        int[][] ranked =
        [
            [3, 1, 4, 2], // q0 (A, R=2): rel 0 1 1 0 -> first hit at 1; AP = (0 + 1/2)/2 = 0.25
            [0, 4, 2, 3], // q1 (A, R=2): rel 1 1 0 0 -> first hit at 0; AP = (1/1 + 2/2)/2 = 1
            [0, 1, 4, 3], // q2 (B, R=1): rel 0 0 0 1 -> first hit at 3; AP = 0 (nothing in top R=1)
            [2, 0, 1, 4], // q3 (B, R=1): rel 1 ...    -> first hit at 0; AP = 1
            [2, 3, 0, 1], // q4 (A, R=2): rel 0 0 1 1 -> first hit at 2; AP = 0 (nothing in top 2)
        ];

        var result = RetrievalMetrics.Compute(ranked, labels, labels, [1, 2, 4], leaveOneOut: true);

        // Recall@1: q1, q3 -> 2/5. Recall@2: q0, q1, q3 -> 3/5. Recall@4: all -> 5/5.
        Assert.Equal(["recall@1", "recall@2", "recall@4"], result.RecallAtK.Select(m => m.Name));
        Assert.Equal(0.4, result.RecallAtK[0].Value, Tolerance);
        Assert.Equal(0.6, result.RecallAtK[1].Value, Tolerance);
        Assert.Equal(1.0, result.RecallAtK[2].Value, Tolerance);
        // MAP@R = (0.25 + 1 + 0 + 1 + 0) / 5 = 0.45
        Assert.Equal(0.45, result.MapAtR, Tolerance);
        Assert.Equal(5, result.Queries);
        Assert.Equal(0, result.QueriesWithoutRelevant);
    }

    [Fact]
    public void Query_to_gallery_counts_a_query_without_relevant_items_as_a_miss_and_leaves_it_out_of_map()
    {
        // Gallery labels X Y X Z (0 1 0 2); queries X, Y and W (3, absent from the gallery). K = 10 > gallery (4).
        int[] gallery = [0, 1, 0, 2];
        int[] queries = [0, 1, 3];
        int[][] ranked =
        [
            [1, 2, 3, 0], // q0 (X, R=2): rel 0 1 0 1; AP = (0 + 1/2)/2 = 0.25 (the hit at rank 4 is beyond R)
            [1, 0, 2, 3], // q1 (Y, R=1): AP = 1
            [0, 1, 2, 3], // q2 (W, R=0): never a hit; not in MAP@R
        ];

        var result = RetrievalMetrics.Compute(ranked, queries, gallery, [1, 10], leaveOneOut: false);

        Assert.Equal(1.0 / 3, result.RecallAtK[0].Value, Tolerance); // only q1
        Assert.Equal(2.0 / 3, result.RecallAtK[1].Value, Tolerance); // q0 and q1: the list is the whole gallery
        Assert.Equal((0.25 + 1) / 2, result.MapAtR, Tolerance);
        Assert.Equal(1, result.QueriesWithoutRelevant);
    }

    [Fact]
    public void A_list_shorter_than_k_or_r_is_refused_instead_of_lowering_the_metric()
    {
        int[] gallery = [0, 0, 0, 1, 1];
        // q0 (label 0, R=3) with K=2: needs max(2, 3) = 3 entries, has 2.
        var error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Compute([[0, 1]], [0], gallery, [2], leaveOneOut: false));
        Assert.Contains("top 3", error.Message);
    }

    [Fact]
    public void Leave_one_out_refuses_a_list_holding_the_query_itself()
    {
        int[] labels = [0, 0, 1];
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.Compute([[0, 1], [0, 2], [0, 1]], labels, labels, [1], leaveOneOut: true));
    }

    [Fact]
    public void Drop_self_removes_the_query_wherever_a_tie_put_it()
    {
        // A K+1 list where an exact duplicate (position 0) tied with the query (position 2) and came first.
        Assert.Equal([0, 3, 1], RankedLists.DropSelf([0, 2, 3, 1], self: 2, k: 3));
        // Query first, as usual.
        Assert.Equal([0, 3], RankedLists.DropSelf([2, 0, 3], self: 2, k: 2));
        // The query absent (the K+1 list was cut before it): keep the first k.
        Assert.Equal([0, 3], RankedLists.DropSelf([0, 3, 1], self: 2, k: 2));
    }
}
