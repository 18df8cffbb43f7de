using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// One line of a snapshot's data file (JSON Lines, UTF-8): a product with every stored field. Each vector is its
/// little-endian float32 bytes in base64, by space name; the thumbnail is the JPEG in base64. A product with several
/// photos has its first vector per space in <see cref="Vectors"/> and the others, in photo order, in
/// <see cref="MoreVectors"/>; its first thumbnail in <see cref="Thumbnail"/> and the others in
/// <see cref="MoreThumbnails"/> (so snapshots written before products had several photos read unchanged).
/// </summary>
public sealed record SnapshotProductLine(
    string Id,
    string? Title,
    string? Category,
    IReadOnlyDictionary<string, AttributeValue>? Attributes,
    IReadOnlyDictionary<string, byte[]> Vectors,
    string? ContentHash,
    byte[]? Thumbnail,
    IReadOnlyDictionary<string, byte[][]>? MoreVectors = null,
    byte[][]? MoreThumbnails = null,
    string[][]? SceneText = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static SnapshotProductLine Of(ProductRecord product) => new(
        product.Id,
        product.Title,
        product.Category,
        product.Attributes.IsEmpty ? null : product.Attributes,
        product.Vectors.DistinctBy(v => v.Space).ToDictionary(v => v.Space, v => v.Data),
        product.ContentHash,
        product.Thumbnails.IsEmpty ? null : product.Thumbnails[0],
        MoreOf(product),
        product.Thumbnails.Length > 1 ? [.. product.Thumbnails.Skip(1)] : null,
        product.SceneText.IsEmpty ? null : [.. product.SceneText.Select(lines => lines.ToArray())]);

    private static Dictionary<string, byte[][]>? MoreOf(ProductRecord product)
    {
        var more = product.Vectors.GroupBy(v => v.Space).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Skip(1).Select(v => v.Data).ToArray());
        return more.Count == 0 ? null : more;
    }

    /// <summary>The product, checked against the collection it is restored into.</summary>
    /// <exception cref="InvalidSnapshotException">A field is missing or a vector does not fit its space.</exception>
    public ProductRecord ToRecord(CollectionSpec collection, long lineNumber)
    {
        var field = $"{SnapshotManifest.DefaultDataFile}:{lineNumber}";
        if (string.IsNullOrEmpty(Id)) throw new InvalidSnapshotException(field, "the product has no id.");
        if (Vectors is null) throw new InvalidSnapshotException(field, $"product '{Id}' has no vectors.");
        var vectors = ImmutableArray.CreateBuilder<SpaceVector>();
        var all = Vectors.Select(p => (p.Key, p.Value))
            .Concat((MoreVectors ?? new Dictionary<string, byte[][]>()).SelectMany(p => (p.Value ?? []).Select(data => (p.Key, data))));
        foreach (var (space, data) in all)
        {
            if (collection.FindSpace(space) is not { } expected || data is null || data.Length != expected.Dimension * sizeof(float))
            {
                throw new InvalidSnapshotException(field, $"product '{Id}' has a vector for space '{space}' that does not fit the collection's spaces.");
            }
            vectors.Add(new SpaceVector(space, data));
        }
        ImmutableArray<byte[]> thumbnails = Thumbnail is null ? [] : [Thumbnail, .. MoreThumbnails ?? []];
        return new ProductRecord(
            Id,
            Title,
            Category,
            Attributes is null ? ImmutableDictionary<string, AttributeValue>.Empty : Attributes.ToImmutableDictionary(),
            vectors.ToImmutable(),
            ContentHash,
            thumbnails,
            SceneText is null ? [] : [.. SceneText.Select(lines => (lines ?? []).ToImmutableArray())]);
    }
}
