namespace UmsOrleans.Engine.Search;

/// <summary>
/// A scored product. The global order is score descending, then id ascending (ordinal). <see cref="Slot"/> is the
/// product's slot in its shard; <see cref="MatchedPhoto"/> the photo whose vector scored best (-1: none did).
/// </summary>
public readonly record struct RankedCandidate(float Score, string Id, int Slot, int MatchedPhoto = -1)
{
    /// <summary>True when this candidate ranks before <paramref name="other"/>.</summary>
    public bool RanksBefore(RankedCandidate other) =>
        Score > other.Score || (Score == other.Score && string.CompareOrdinal(Id, other.Id) < 0);
}
