using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// The fixed settings of a collection: its shard count, its vector spaces and, when it was created with one,
/// the model (<c>default</c>, a configured name or a manifest path) that encodes its products' content.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.CollectionSpec")]
public sealed record CollectionSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] int Shards,
    [property: Id(2)] ImmutableArray<VectorSpace> Spaces,
    [property: Id(3)] string? Model = null)
{
    public VectorSpace? FindSpace(string name)
    {
        foreach (var space in Spaces)
        {
            if (space.Name == name) return space;
        }
        return null;
    }

    /// <summary>Same shard count, the same spaces (order-insensitive) and the same model.</summary>
    public bool HasSameSettings(CollectionSpec other) =>
        Shards == other.Shards
        && string.Equals(Model, other.Model, StringComparison.Ordinal)
        && Spaces.Length == other.Spaces.Length
        && Spaces.All(s => other.FindSpace(s.Name) is { } o && o.Dimension == s.Dimension);
}
