using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>A collection's adapter versions, oldest first, and the one its searches use (null: none).</summary>
[GenerateSerializer, Immutable, Alias("ums.AdapterList")]
public sealed record AdapterList(
    [property: Id(0)] int? Active,
    [property: Id(1)] ImmutableArray<AdapterInfo> Adapters);
