namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>Recall@K and MAP@R of an image-retrieval run (SOP, In-Shop, catalog).</summary>
public sealed record RetrievalResult(
    IReadOnlyList<MetricValue> RecallAtK,
    double MapAtR,
    int Queries,
    int QueriesWithoutRelevant)
{
    public IEnumerable<MetricValue> ToMetricValues() => [.. RecallAtK, new MetricValue("map@r", MapAtR)];
}

/// <summary>
/// Recall@K and MAP@R (Musgrave et al., "A Metric Learning Reality Check", ECCV 2020) for SOP (leave-one-out)
/// and In-Shop (query → gallery).
/// Recall@K = share of ALL queries with at least one same-label item in the top K (a query with no
/// relevant item counts as a miss). MAP@R: R = number of relevant gallery items (for leave-one-out, the
/// other items of the query's class); AP = (1/R) Σ_{i=1..R} rel(i)·(hits in top i)/i, averaged over the
/// queries with R &gt; 0 (queries with R = 0 are counted in <see cref="RetrievalResult.QueriesWithoutRelevant"/>).
/// When K or R exceed what the gallery holds, the list is the whole gallery.
/// </summary>
public static class RetrievalMetrics
{
    /// <param name="ranked">Per query, gallery positions best first; for leave-one-out, already without the query.</param>
    /// <param name="leaveOneOut">Query q is gallery item q (SOP): it is not relevant to itself and must not be listed.</param>
    public static RetrievalResult Compute(
        IReadOnlyList<int[]> ranked,
        IReadOnlyList<int> queryLabels,
        IReadOnlyList<int> galleryLabels,
        IReadOnlyList<int> ks,
        bool leaveOneOut)
    {
        RankedLists.RequireCutoffs(ks, "K", nameof(ks));
        if (leaveOneOut && queryLabels.Count != galleryLabels.Count) throw new ArgumentException("leave-one-out needs the queries to be the gallery.");
        RankedLists.Validate(ranked, queryLabels.Count, galleryLabels.Count);
        var perLabel = RankedLists.CountPerLabel(galleryLabels);
        var available = galleryLabels.Count - (leaveOneOut ? 1 : 0);
        var maxK = ks.Max();

        var hitsAtK = new int[ks.Count];
        var apSum = 0.0;
        var withRelevant = 0;
        for (var q = 0; q < ranked.Count; q++)
        {
            var list = ranked[q];
            var label = queryLabels[q];
            var relevant = perLabel.GetValueOrDefault(label) - (leaveOneOut ? 1 : 0);
            if (leaveOneOut && Array.IndexOf(list, q) >= 0) throw new ArgumentException($"query {q} retrieved itself; drop it by index before scoring (leave-one-out).");
            RankedLists.RequireLength(list, q, Math.Min(Math.Max(maxK, relevant), available), "Recall@K / MAP@R");

            var firstHit = int.MaxValue;
            var hits = 0;
            var precisionSum = 0.0;
            for (var i = 0; i < list.Length; i++)
            {
                if (galleryLabels[list[i]] != label) continue;
                if (firstHit == int.MaxValue) firstHit = i;
                if (i < relevant)
                {
                    hits++;
                    precisionSum += (double)hits / (i + 1);
                }
            }
            for (var j = 0; j < ks.Count; j++)
            {
                if (firstHit < ks[j]) hitsAtK[j]++;
            }
            if (relevant > 0)
            {
                withRelevant++;
                apSum += precisionSum / relevant;
            }
        }

        var queries = ranked.Count;
        var recall = ks.Select((k, j) => new MetricValue($"recall@{k}", queries == 0 ? 0 : (double)hitsAtK[j] / queries)).ToList();
        return new RetrievalResult(recall, withRelevant == 0 ? 0 : apSum / withRelevant, queries, queries - withRelevant);
    }
}
