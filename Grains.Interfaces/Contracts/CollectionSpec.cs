using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// The fixed settings of a collection: its shard count, its vector spaces and how shards quantize vectors
/// (<c>null</c> = none, exact float32 scan). Id 3 is left free for another field.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.CollectionSpec")]
public sealed record CollectionSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] int Shards,
    [property: Id(2)] ImmutableArray<VectorSpace> Spaces,
    [property: Id(4)] QuantizationSpec? Quantization = null)
{
    /// <summary>The quantization in force: <see cref="QuantizationSpec.None"/> when not set.</summary>
    public QuantizationSpec EffectiveQuantization => Quantization ?? QuantizationSpec.None;

    public VectorSpace? FindSpace(string name)
    {
        foreach (var space in Spaces)
        {
            if (space.Name == name) return space;
        }
        return null;
    }

    /// <summary>Same shard count, the same spaces (order-insensitive) and the same quantization.</summary>
    public bool HasSameSettings(CollectionSpec other) =>
        Shards == other.Shards
        && EffectiveQuantization == other.EffectiveQuantization
        && Spaces.Length == other.Spaces.Length
        && Spaces.All(s => other.FindSpace(s.Name) is { } o && o.Dimension == s.Dimension);
}
