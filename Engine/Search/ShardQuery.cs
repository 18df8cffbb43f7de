using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// One query as a shard sees it. Score = Σ weight × cosine over the spaces given; a product that lacks a
/// space contributes 0 for it. <see cref="Category"/>, when set, keeps only products of that category.
/// </summary>
public sealed record ShardQuery(
    ImmutableArray<QueryVector> Vectors,
    int K,
    string? Category = null)
{
    public QueryVector? FindVector(string space)
    {
        foreach (var vector in Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }
}
