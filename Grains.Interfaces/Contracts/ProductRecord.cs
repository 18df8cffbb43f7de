using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// A product as stored and sent to its shard. Vectors are already validated and L2-normalised;
/// any subset of the collection's spaces may be present. <see cref="ContentHash"/> identifies the content the
/// vectors were encoded from (so an unchanged product can be skipped on re-ingest); <see cref="Thumbnail"/> is a
/// small JPEG of its photo, stored beside the product but never loaded into a shard's memory.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.ProductRecord")]
public sealed record ProductRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Category,
    [property: Id(3)] ImmutableDictionary<string, string> Attributes,
    [property: Id(4)] ImmutableArray<SpaceVector> Vectors,
    [property: Id(5)] string? ContentHash = null,
    [property: Id(6)] byte[]? Thumbnail = null)
{
    public SpaceVector? FindVector(string space)
    {
        foreach (var vector in Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }

    /// <summary>Approximate size on the wire, used to chunk batches far below Orleans's message limit.</summary>
    public int ApproximateWireBytes()
    {
        var bytes = 64 + Id.Length * 2 + (Title?.Length ?? 0) * 2 + (Category?.Length ?? 0) * 2
            + (ContentHash?.Length ?? 0) * 2 + (Thumbnail?.Length ?? 0);
        foreach (var (key, value) in Attributes) bytes += (key.Length + value.Length) * 2 + 8;
        foreach (var vector in Vectors) bytes += vector.Data.Length + vector.Space.Length * 2 + 16;
        return bytes;
    }
}
