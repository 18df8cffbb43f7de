using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// A product as stored and sent to its shard. Vectors are already validated and L2-normalised; any subset of the
/// collection's spaces may be present, several per space for several photos. <see cref="AttributesJson"/> is the
/// attributes as one JSON object (typed values). <see cref="ContentHash"/> identifies the content the vectors were
/// encoded from; <see cref="Thumbnails"/> are small JPEGs of its photos, never loaded into a shard's memory.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.ProductRecord")]
public sealed record ProductRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Category,
    [property: Id(3)] string? AttributesJson,
    [property: Id(4)] ImmutableArray<SpaceVector> Vectors,
    [property: Id(5)] string? ContentHash = null,
    [property: Id(6)] ImmutableArray<byte[]> Thumbnails = default,
    [property: Id(7)] ImmutableArray<ImmutableArray<string>> SceneText = default)
{

    /// <summary>Approximate size on the wire, used to chunk batches far below Orleans's message limit.</summary>
    public int ApproximateWireBytes()
    {
        var bytes = 64 + Id.Length * 2 + (Title?.Length ?? 0) * 2 + (Category?.Length ?? 0) * 2
            + (ContentHash?.Length ?? 0) * 2 + (AttributesJson?.Length ?? 0) * 2;
        if (!Thumbnails.IsDefault)
        {
            foreach (var thumbnail in Thumbnails) bytes += thumbnail.Length + 8;
        }
        foreach (var vector in Vectors) bytes += vector.Data.Length + vector.Space.Length * 2 + 16;
        if (!SceneText.IsDefault)
        {
            foreach (var line in SceneText.SelectMany(lines => lines)) bytes += line.Length * 2 + 8;
        }
        return bytes;
    }
}
