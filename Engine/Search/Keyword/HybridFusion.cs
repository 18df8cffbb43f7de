namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// Merges a vector ranking and a keyword ranking of products into one. Both methods return every id of either
/// list, best first, ties by id (ordinal), each with the lists it came from. Each input list is read best first
/// and an id is expected once per list (a repeat is ignored).
/// </summary>
public static class HybridFusion
{
    /// <summary>The k of reciprocal rank fusion (Cormack et al. 2009): damps the weight of the very first ranks.</summary>
    public const int DefaultRrfK = 60;

    /// <summary>
    /// Reciprocal rank fusion: score(id) = Σ over the lists holding it of 1 / (k + rank), rank counted from 1.
    /// Uses ranks only, so the two lists' score scales need not agree.
    /// </summary>
    public static List<FusedHit> ReciprocalRank(IReadOnlyList<string> vectorIds, IReadOnlyList<string> keywordIds, int k = DefaultRrfK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        var fused = new Dictionary<string, (double Score, FusionSources Sources)>(StringComparer.Ordinal);
        Add(fused, vectorIds, FusionSources.Vector, k);
        Add(fused, keywordIds, FusionSources.Keyword, k);
        return Sorted(fused);
    }

    /// <summary>
    /// Weighted fusion: score(id) = alpha × norm(vector score) + (1 − alpha) × norm(keyword score), where norm is
    /// min-max over that list ((s − min) / (max − min), 1 for every entry when all scores are equal) and an id
    /// missing from a list counts 0 there. A list whose weight is 0 takes no part, so alpha = 1 returns the vector
    /// list alone and alpha = 0 the keyword list alone. (As with any min-max fusion, the last of a list scores 0
    /// there, like an id missing from it.)
    /// </summary>
    public static List<FusedHit> Weighted(IReadOnlyList<ScoredId> vector, IReadOnlyList<ScoredId> keyword, double alpha)
    {
        if (!(alpha is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in [0, 1].");
        var fused = new Dictionary<string, (double Score, FusionSources Sources)>(StringComparer.Ordinal);
        AddNormalised(fused, vector, FusionSources.Vector, alpha);
        AddNormalised(fused, keyword, FusionSources.Keyword, 1 - alpha);
        return Sorted(fused);
    }

    private static void Add(Dictionary<string, (double Score, FusionSources Sources)> fused, IReadOnlyList<string> ids, FusionSources source, int k)
    {
        for (var i = 0; i < ids.Count; i++) Accumulate(fused, ids[i], 1.0 / (k + i + 1), source);
    }

    private static void AddNormalised(Dictionary<string, (double Score, FusionSources Sources)> fused, IReadOnlyList<ScoredId> list,
        FusionSources source, double weight)
    {
        if (list.Count == 0 || weight == 0) return;
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var entry in list)
        {
            min = Math.Min(min, entry.Score);
            max = Math.Max(max, entry.Score);
        }
        var range = max - min;
        foreach (var entry in list)
        {
            var normalised = range > 0 ? (entry.Score - min) / range : 1.0;
            Accumulate(fused, entry.Id, weight * normalised, source);
        }
    }

    private static void Accumulate(Dictionary<string, (double Score, FusionSources Sources)> fused, string id, double score, FusionSources source)
    {
        var (total, sources) = fused.GetValueOrDefault(id);
        if ((sources & source) != 0) return;
        fused[id] = (total + score, sources | source);
    }

    private static List<FusedHit> Sorted(Dictionary<string, (double Score, FusionSources Sources)> fused)
    {
        var hits = fused.Select(f => new FusedHit(f.Key, f.Value.Score, f.Value.Sources)).ToList();
        hits.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        return hits;
    }
}
