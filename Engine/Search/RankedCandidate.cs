namespace UmsOrleans.Engine.Search;

/// <summary>A scored candidate. The global order is score descending, then id ascending (ordinal).</summary>
public readonly record struct RankedCandidate(float Score, string Id, int Slot)
{
    /// <summary>True when this candidate ranks before <paramref name="other"/>.</summary>
    public bool RanksBefore(RankedCandidate other) =>
        Score > other.Score || (Score == other.Score && string.CompareOrdinal(Id, other.Id) < 0);
}
