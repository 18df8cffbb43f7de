namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>
/// Helpers for ranked lists: per query, gallery positions best first (score descending, then smaller
/// position), as a search returns them.
/// </summary>
public static class RankedLists
{
    /// <summary>
    /// Leave-one-out by index: a list searched with k + 1 holds the query itself somewhere (first, unless
    /// another item ties with it at a smaller position); drop it wherever it is and keep at most k.
    /// Dropping by index, not by position 0, keeps the answer right when duplicates tie with the query.
    /// </summary>
    public static int[] DropSelf(IReadOnlyList<int> ranked, int self, int k)
    {
        var kept = new List<int>(Math.Min(k, ranked.Count));
        foreach (var position in ranked)
        {
            if (kept.Count == k) break;
            if (position != self) kept.Add(position);
        }
        return [.. kept];
    }

    /// <summary>Checks every list refers to real gallery positions and holds no position twice.</summary>
    public static void Validate(IReadOnlyList<int[]> ranked, int queries, int galleryCount)
    {
        if (ranked.Count != queries) throw new ArgumentException($"expected {queries} ranked lists, got {ranked.Count}.");
        var seen = new HashSet<int>();
        for (var q = 0; q < ranked.Count; q++)
        {
            seen.Clear();
            foreach (var position in ranked[q])
            {
                if ((uint)position >= (uint)galleryCount) throw new ArgumentException($"query {q}: gallery position {position} is outside 0..{galleryCount - 1}.");
                if (!seen.Add(position)) throw new ArgumentException($"query {q}: gallery position {position} appears twice.");
            }
        }
    }

    /// <summary>Throws when a list is shorter than the metric needs, which would silently lower it.</summary>
    public static void RequireLength(int[] list, int query, int needed, string metric)
    {
        if (list.Length < needed)
        {
            throw new ArgumentException($"query {query}: {metric} needs the top {needed} of the ranking, the list holds {list.Length}; search with a larger k.");
        }
    }

    /// <summary>Throws unless there is at least one cutoff (K or N) and each is at least 1.</summary>
    public static void RequireCutoffs(IReadOnlyList<int> cutoffs, string letter, string parameterName)
    {
        if (cutoffs.Count == 0 || cutoffs.Any(c => c < 1)) throw new ArgumentException($"every {letter} must be at least 1.", parameterName);
    }

    /// <summary>How many gallery items carry each label.</summary>
    public static Dictionary<int, int> CountPerLabel(IReadOnlyList<int> labels)
    {
        var counts = new Dictionary<int, int>();
        foreach (var label in labels) counts[label] = counts.GetValueOrDefault(label) + 1;
        return counts;
    }

    /// <summary>
    /// Over the first <paramref name="n"/> positions of a list: the hits (items whose gallery label is one of
    /// <paramref name="relevantLabels"/>) and Σ (hits so far) / rank over the hits, summed in rank order.
    /// </summary>
    public static (int Hits, double PrecisionSum) PrecisionAtHits(int[] list, int n, IReadOnlyList<int> galleryLabels, int[] relevantLabels)
    {
        var hits = 0;
        var sum = 0.0;
        for (var i = 0; i < Math.Min(n, list.Length); i++)
        {
            if (Array.IndexOf(relevantLabels, galleryLabels[list[i]]) < 0) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return (hits, sum);
    }
}
