using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>How many products have one value of a key; <see cref="Kind"/> is the value's type (string, number, boolean).</summary>
[GenerateSerializer, Immutable, Alias("ums.FacetValue")]
public sealed record FacetValue(
    [property: Id(0)] string Value,
    [property: Id(1)] int Kind,
    [property: Id(2)] long Count);

/// <summary>One key's facet counts on one shard (every value: the gateway merges, then cuts).</summary>
[GenerateSerializer, Immutable, Alias("ums.KeyFacets")]
public sealed record KeyFacets(
    [property: Id(0)] string Key,
    [property: Id(1)] ImmutableArray<FacetValue> Values);
