
namespace UmsOrleans.Engine.Search;

/// <summary>
/// Merges per-shard top-k lists (each already best first) into the global top-k, ordered by score
/// descending then id ascending, so the answer is the same whatever order the shards reply in.
/// </summary>
public static class TopKMerger
{
    public static List<SearchHit> Merge(IReadOnlyList<IReadOnlyList<SearchHit>> perShard, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var positions = new int[perShard.Count];
        var merged = new List<SearchHit>(Math.Min(k, perShard.Sum(list => list.Count)));
        while (merged.Count < k)
        {
            var bestList = -1;
            SearchHit? best = null;
            for (var i = 0; i < perShard.Count; i++)
            {
                if (positions[i] >= perShard[i].Count) continue;
                var candidate = perShard[i][positions[i]];
                if (best is null || RanksBefore(candidate, best))
                {
                    best = candidate;
                    bestList = i;
                }
            }
            if (best is null) break;
            merged.Add(best);
            positions[bestList]++;
        }
        return merged;
    }

    public static bool RanksBefore(SearchHit a, SearchHit b) =>
        a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(a.Id, b.Id) < 0);
}
