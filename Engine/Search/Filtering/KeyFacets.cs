using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>The facet of one key (<c>category</c> or <c>attributes.&lt;name&gt;</c>): its values, most frequent first, ties by value.</summary>
public sealed record KeyFacets(string Key, ImmutableArray<FacetValueCount> Values)
{
    public bool Equals(KeyFacets? other) => other is not null && Key == other.Key && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Values.Length);
}
