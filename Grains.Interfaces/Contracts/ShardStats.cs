using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// What one shard holds: its product count, per space how many products have a vector there, the bytes it
/// holds in memory, and the silo it is active on, and which replica of the shard it is (0: the primary).
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.ShardStats")]
public sealed record ShardStats(
    [property: Id(0)] int Shard,
    [property: Id(1)] int Products,
    [property: Id(2)] ImmutableDictionary<string, int> VectorsPerSpace,
    [property: Id(3)] long MemoryBytes,
    [property: Id(4)] string Silo = "",
    [property: Id(5)] ImmutableDictionary<string, int>? ProductsPerSpace = null,
    [property: Id(6)] int Replica = 0);
