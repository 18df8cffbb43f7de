using System.Collections.Immutable;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A product as stored and sent to its shard. Vectors are already validated and L2-normalised;
/// any subset of the collection's spaces may be present. <see cref="ContentHash"/> identifies the content the
/// vectors were encoded from (so an unchanged product can be skipped on re-ingest); <see cref="Thumbnail"/> is a
/// small JPEG of its photo, stored beside the product but never loaded into a shard's memory.
/// </summary>
public sealed record ProductRecord(
    string Id,
    string? Title,
    string? Category,
    ImmutableDictionary<string, string> Attributes,
    ImmutableArray<SpaceVector> Vectors,
    string? ContentHash = null,
    byte[]? Thumbnail = null)
{
    public SpaceVector? FindVector(string space)
    {
        foreach (var vector in Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }
}
