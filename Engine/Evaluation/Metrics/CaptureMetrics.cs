namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>
/// Product1M mAP@N as the official evaluator of the Product1M authors (CAPTURE) computes it, kept apart from
/// the UMS formula because it gives different numbers on the same ranking. Its positive list is the
/// concatenation, over the query's instance names WITH repeats, of the gallery items of that instance, so a
/// repeated name counts its items twice in |positives|. With n = min(N, |positives|, |list|):
/// AP = Σ_{i=1..n} rel(i)·(hits in top i)/i divided by the number of hits found (0 when none), averaged over
/// ALL queries. The reference reads at most <see cref="ListLength"/> ids per query.
/// </summary>
public static class CaptureMetrics
{
    public const int ListLength = 100;

    public static IReadOnlyList<MetricValue> MapAtN(
        IReadOnlyList<int[]> ranked,
        IReadOnlyList<int[]> queryInstances,
        IReadOnlyList<int> galleryInstances,
        IReadOnlyList<int> ns)
    {
        RankedLists.RequireCutoffs(ns, "N", nameof(ns));
        RankedLists.Validate(ranked, queryInstances.Count, galleryInstances.Count);
        var galleryCount = RankedLists.CountPerLabel(galleryInstances);
        var needed = Math.Min(Math.Min(ns.Max(), ListLength), galleryInstances.Count);
        var sums = new double[ns.Count];
        for (var q = 0; q < ranked.Count; q++)
        {
            var instances = queryInstances[q];
            var positives = instances.Sum(c => galleryCount.GetValueOrDefault(c));
            var list = ranked[q];
            RankedLists.RequireLength(list, q, needed, "CAPTURE mAP@N");
            var listLength = Math.Min(list.Length, ListLength);
            for (var j = 0; j < ns.Count; j++)
            {
                var n = Math.Min(Math.Min(ns[j], positives), listLength);
                var (hits, ap) = RankedLists.PrecisionAtHits(list, n, galleryInstances, instances);
                sums[j] += hits == 0 ? 0 : ap / hits;
            }
        }
        return ns.Select((n, j) => new MetricValue($"capture_map@{n}", ranked.Count == 0 ? 0 : sums[j] / ranked.Count)).ToList();
    }
}
