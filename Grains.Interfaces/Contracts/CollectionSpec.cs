using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>The fixed settings of a collection: its shard count and its vector spaces.</summary>
[GenerateSerializer, Immutable, Alias("ums.CollectionSpec")]
public sealed record CollectionSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] int Shards,
    [property: Id(2)] ImmutableArray<VectorSpace> Spaces)
{
    public VectorSpace? FindSpace(string name)
    {
        foreach (var space in Spaces)
        {
            if (space.Name == name) return space;
        }
        return null;
    }

    /// <summary>Same shard count and the same spaces (order-insensitive).</summary>
    public bool HasSameSettings(CollectionSpec other) =>
        Shards == other.Shards
        && Spaces.Length == other.Spaces.Length
        && Spaces.All(s => other.FindSpace(s.Name) is { } o && o.Dimension == s.Dimension);
}
