namespace UmsOrleans.Evaluation.Metrics;

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
}
