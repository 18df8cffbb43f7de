namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>R@K and mean rank of one direction of an image↔text run (fractions; mean rank 1-based).</summary>
public sealed record RankResult(IReadOnlyList<MetricValue> RecallAtK, double MeanRank, int Queries, int QueriesWithoutRelevant)
{
    public IEnumerable<MetricValue> ToMetricValues(string prefix) =>
        [.. RecallAtK.Select(m => m with { Name = $"{prefix}_{m.Name}" }), new MetricValue($"{prefix}_mean_rank", MeanRank)];
}

/// <summary>
/// CTC-1K image→text and text→image: a query's rank is the 0-based position of its FIRST
/// relevant item in the full ranking (for image→text, the best rank among the image's ground-truth
/// captions); R@K = share of queries with rank &lt; K; mean rank = mean of (rank + 1). The metric needs the
/// whole ranking up to that item, so lists must hold the whole gallery (or at least the first relevant
/// item). Queries without any relevant gallery item (e.g. its image was skipped) are left out and counted.
/// </summary>
public static class RankMetrics
{
    public static IReadOnlyList<int> DefaultK { get; } = [1, 5, 10];

    public static RankResult Compute(
        IReadOnlyList<int[]> ranked,
        IReadOnlyList<int> queryLabels,
        IReadOnlyList<int> galleryLabels,
        IReadOnlyList<int> ks)
    {
        RankedLists.RequireCutoffs(ks, "K", nameof(ks));
        RankedLists.Validate(ranked, queryLabels.Count, galleryLabels.Count);
        var present = galleryLabels.ToHashSet();
        var hitsAtK = new int[ks.Count];
        var rankSum = 0.0;
        var evaluated = 0;
        for (var q = 0; q < ranked.Count; q++)
        {
            var label = queryLabels[q];
            if (!present.Contains(label)) continue;
            var list = ranked[q];
            var rank = -1;
            for (var i = 0; i < list.Length && rank < 0; i++)
            {
                if (galleryLabels[list[i]] == label) rank = i;
            }
            if (rank < 0) throw new ArgumentException($"query {q}: its relevant items are not in its list of {list.Length}; rank metrics need the whole ranking.");
            evaluated++;
            rankSum += rank + 1;
            for (var j = 0; j < ks.Count; j++)
            {
                if (rank < ks[j]) hitsAtK[j]++;
            }
        }
        return new RankResult(
            ks.Select((k, j) => new MetricValue($"r@{k}", evaluated == 0 ? 0 : (double)hitsAtK[j] / evaluated)).ToList(),
            evaluated == 0 ? 0 : rankSum / evaluated,
            evaluated,
            ranked.Count - evaluated);
    }
}
