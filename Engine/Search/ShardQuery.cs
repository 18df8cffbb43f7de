using System.Collections.Immutable;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// One query as a shard sees it. A product's score is Σ over the query's spaces of weight × its best cosine in
/// that space (its best photo); a product with no vector in any of the query's spaces is not a candidate.
/// <see cref="K"/> is how many products to return (a page's offset plus its size). <see cref="Filter"/>, when set,
/// keeps only the products it matches (exactly: applied in the scan, never after a top-k); <see cref="MinScore"/>
/// drops products scoring below it;
/// <see cref="Exclude"/> names products never to return (the examples of a recommendation). <see cref="Adapter"/>, when set,
/// searches through that version of the collection's adapters (the shard projects the query vectors); null: the raw spaces.
/// <see cref="Ef"/>: the HNSW search expansion for this query (null: the collection's; ignored by flat collections).
/// </summary>
public sealed record ShardQuery(
    ImmutableArray<QueryVector> Vectors,
    int K,
    ProductFilter? Filter = null,
    float? MinScore = null,
    ImmutableArray<string> Exclude = default,
    int? Adapter = null,
    int? Ef = null)
{
    /// <summary>The excluded ids, never default.</summary>
    public ImmutableArray<string> Exclude { get; init; } = Exclude.IsDefault ? [] : Exclude;

    public QueryVector? FindVector(string space)
    {
        foreach (var vector in Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }
}
