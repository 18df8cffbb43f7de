using System.Collections.Immutable;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A product as stored and sent to its shard. Vectors are already validated and L2-normalised; any subset of the
/// collection's spaces may be present, and a space may hold several vectors (one per photo: the i-th vector of
/// the photo space is photo i). <see cref="ContentHash"/> identifies the content the vectors were encoded from (so
/// an unchanged product can be skipped on re-ingest); <see cref="Thumbnails"/> are small JPEGs of its photos, in
/// photo order, stored beside the product but never loaded into a shard's memory. <see cref="SceneText"/> holds the
/// lines read from each photo (OCR), in photo order, when its collection reads scene text.
/// </summary>
public sealed record ProductRecord(
    string Id,
    string? Title,
    string? Category,
    ImmutableDictionary<string, AttributeValue> Attributes,
    ImmutableArray<SpaceVector> Vectors,
    string? ContentHash = null,
    ImmutableArray<byte[]> Thumbnails = default,
    ImmutableArray<ImmutableArray<string>> SceneText = default)
{
    /// <summary>The thumbnails, never default.</summary>
    public ImmutableArray<byte[]> Thumbnails { get; init; } = Thumbnails.IsDefault ? [] : Thumbnails;

    /// <summary>The lines read from each photo, never default.</summary>
    public ImmutableArray<ImmutableArray<string>> SceneText { get; init; } = SceneText.IsDefault ? [] : SceneText;

    /// <summary>Every scene-text line of every photo, in order.</summary>
    public IEnumerable<string> SceneTextLines => SceneText.SelectMany(lines => lines);

    /// <summary>The first vector of <paramref name="space"/>, or null when the product has none there.</summary>
    public SpaceVector? FindVector(string space)
    {
        foreach (var vector in Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }

    /// <summary>Every vector of <paramref name="space"/>, in photo order.</summary>
    public IEnumerable<SpaceVector> VectorsOf(string space) => Vectors.Where(v => v.Space == space);

    /// <summary>How many vectors the product holds in <paramref name="space"/>.</summary>
    public int CountIn(string space) => Vectors.Count(v => v.Space == space);

    /// <summary>The product's description (kept as the <c>description</c> attribute), when it has one.</summary>
    public string? Description => Attributes.TryGetValue(DescriptionAttribute, out var value) && value.Kind == AttributeKind.String ? value.Text : null;

    /// <summary>The attribute a product's description is kept in (products have no description column).</summary>
    public const string DescriptionAttribute = "description";
}
