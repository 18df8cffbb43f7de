namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>The Product1M numbers of the UMS evaluation (fractions), per N.</summary>
public sealed record Product1MResult(
    IReadOnlyList<MetricValue> MapAtN,
    IReadOnlyList<MetricValue> PrecisionAtN,
    IReadOnlyList<MetricValue> MarAtN,
    double Top1,
    int Queries,
    int QueriesWithoutRelevant)
{
    public IEnumerable<MetricValue> ToMetricValues() => [.. MapAtN, .. PrecisionAtN, .. MarAtN, new MetricValue("top1", Top1)];
}

/// <summary>
/// Product1M as the UMS authors' evaluation computes it. A gallery item is relevant when its instance is
/// in the query's instance list; m_q = number of relevant gallery items.
/// <list type="bullet">
/// <item>mAP@N: AP@N = (1/min(m_q, N)) Σ_{k=1..N} rel(k)·(hits in top k)/k.</item>
/// <item>Prec@N = hits in top N / N (divided by N even when the gallery is smaller).</item>
/// <item>top-1 = rel(1) (the reference computes it as AP@1).</item>
/// <item>mAR@N: per distinct target c, r_c = occurrences of c in the list / list length, G_c = gallery count
/// of c, RETR_c = top-N items of instance c; add min(1, RETR_c / min(round_half_even(r_c·N), G_c)); divide by
/// the number of distinct targets.</item>
/// </list>
/// Queries with m_q = 0 make the reference divide by zero; here they are left out of every average and
/// counted in <see cref="Product1MResult.QueriesWithoutRelevant"/>. Likewise a target whose expected count
/// min(round(r_c·N), G_c) is 0 (the reference divides by zero) adds 1: nothing was expected of it.
/// Sums run in the reference's order (ranks, then queries), so results match it to the last digit; the one
/// exception is mAR's sum over targets, which the reference runs in Python set order (at most 1 ulp apart).
/// </summary>
public static class Product1MMetrics
{
    public static IReadOnlyList<int> DefaultN { get; } = [10, 50, 100];

    public static Product1MResult Compute(
        IReadOnlyList<int[]> ranked,
        IReadOnlyList<int[]> queryInstances,
        IReadOnlyList<int> galleryInstances,
        IReadOnlyList<int> ns)
    {
        RankedLists.RequireCutoffs(ns, "N", nameof(ns));
        RankedLists.Validate(ranked, queryInstances.Count, galleryInstances.Count);
        var galleryCount = RankedLists.CountPerLabel(galleryInstances);
        var needed = Math.Min(ns.Max(), galleryInstances.Count);

        var apSum = new double[ns.Count];
        var precisionSum = new double[ns.Count];
        var marSum = new double[ns.Count];
        var top1Sum = 0.0;
        var evaluated = 0;
        for (var q = 0; q < ranked.Count; q++)
        {
            var instances = queryInstances[q];
            if (instances.Length == 0) throw new ArgumentException($"query {q} has no instance names.");
            var targets = instances.Distinct().ToArray();
            var relevant = targets.Sum(c => galleryCount.GetValueOrDefault(c));
            if (relevant == 0) continue;
            evaluated++;
            var list = ranked[q];
            RankedLists.RequireLength(list, q, needed, "Product1M mAP@N");

            for (var j = 0; j < ns.Count; j++)
            {
                var n = ns[j];
                var (hits, ap) = RankedLists.PrecisionAtHits(list, n, galleryInstances, targets);
                apSum[j] += ap / Math.Min(relevant, n);
                precisionSum[j] += (double)hits / n;
                marSum[j] += MeanAverageRecall(list, instances, targets, galleryInstances, galleryCount, n);
            }
            top1Sum += list.Length > 0 && Array.IndexOf(targets, galleryInstances[list[0]]) >= 0 ? 1 : 0;
        }

        double Mean(double sum) => evaluated == 0 ? 0 : sum / evaluated;
        return new Product1MResult(
            ns.Select((n, j) => new MetricValue($"map@{n}", Mean(apSum[j]))).ToList(),
            ns.Select((n, j) => new MetricValue($"prec@{n}", Mean(precisionSum[j]))).ToList(),
            ns.Select((n, j) => new MetricValue($"mar@{n}", Mean(marSum[j]))).ToList(),
            Mean(top1Sum),
            evaluated,
            ranked.Count - evaluated);
    }

    private static double MeanAverageRecall(int[] list, int[] instances, int[] targets, IReadOnlyList<int> galleryInstances, Dictionary<int, int> galleryCount, int n)
    {
        var sum = 0.0;
        foreach (var target in targets)
        {
            var share = (double)instances.Count(c => c == target) / instances.Length;
            var retrieved = 0;
            for (var i = 0; i < Math.Min(n, list.Length); i++)
            {
                if (galleryInstances[list[i]] == target) retrieved++;
            }
            var expected = Math.Min(Math.Round(share * n, MidpointRounding.ToEven), galleryCount.GetValueOrDefault(target));
            sum += expected == 0 ? 1 : Math.Min(1, retrieved / expected);
        }
        return sum / targets.Length;
    }
}
