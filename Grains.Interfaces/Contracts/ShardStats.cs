using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>What one shard holds: its product count and, per space, how many products have a vector there.</summary>
[GenerateSerializer, Immutable, Alias("ums.ShardStats")]
public sealed record ShardStats(
    [property: Id(0)] int Shard,
    [property: Id(1)] int Products,
    [property: Id(2)] ImmutableDictionary<string, int> VectorsPerSpace,
    [property: Id(3)] long MemoryBytes);
