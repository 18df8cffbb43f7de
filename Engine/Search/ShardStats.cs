using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// What one shard holds: its product count, per space how many vectors it holds (several per product with
/// several photos) and how many products have at least one there, the bytes it holds in memory, and the silo it
/// is active on, and which replica of the shard it is (0: the primary).
/// </summary>
public sealed record ShardStats(
    int Shard,
    int Products,
    ImmutableDictionary<string, int> VectorsPerSpace,
    long MemoryBytes,
    string Silo = "",
    ImmutableDictionary<string, int>? ProductsPerSpace = null,
    int Replica = 0);
