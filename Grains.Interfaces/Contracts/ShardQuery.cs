using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// One query as a shard sees it. Score = Σ weight × cosine over the spaces given; a product that lacks a
/// space contributes 0 for it. <see cref="Category"/>, when set, keeps only products of that category.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.ShardQuery")]
public sealed record ShardQuery(
    [property: Id(0)] ImmutableArray<QueryVector> Vectors,
    [property: Id(1)] int K,
    [property: Id(2)] string? Category = null)
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
