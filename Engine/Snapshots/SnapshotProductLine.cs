using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// One line of a snapshot's data file (JSON Lines, UTF-8): a product with every stored field. Each vector is its
/// little-endian float32 bytes in base64, by space name; the thumbnail is the JPEG in base64.
/// </summary>
public sealed record SnapshotProductLine(
    string Id,
    string? Title,
    string? Category,
    IReadOnlyDictionary<string, string>? Attributes,
    IReadOnlyDictionary<string, byte[]> Vectors,
    string? ContentHash,
    byte[]? Thumbnail)
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
        product.Vectors.ToDictionary(v => v.Space, v => v.Data),
        product.ContentHash,
        product.Thumbnail);

    /// <summary>The product, checked against the collection it is restored into.</summary>
    /// <exception cref="InvalidSnapshotException">A field is missing or a vector does not fit its space.</exception>
    public ProductRecord ToRecord(CollectionSpec collection, long lineNumber)
    {
        var field = $"{SnapshotManifest.DefaultDataFile}:{lineNumber}";
        if (string.IsNullOrEmpty(Id)) throw new InvalidSnapshotException(field, "the product has no id.");
        if (Vectors is null) throw new InvalidSnapshotException(field, $"product '{Id}' has no vectors.");
        var vectors = ImmutableArray.CreateBuilder<SpaceVector>(Vectors.Count);
        foreach (var (space, data) in Vectors)
        {
            if (collection.FindSpace(space) is not { } expected || data is null || data.Length != expected.Dimension * sizeof(float))
            {
                throw new InvalidSnapshotException(field, $"product '{Id}' has a vector for space '{space}' that does not fit the collection's spaces.");
            }
            vectors.Add(new SpaceVector(space, data));
        }
        return new ProductRecord(
            Id,
            Title,
            Category,
            Attributes is null ? ImmutableDictionary<string, string>.Empty : Attributes.ToImmutableDictionary(),
            vectors.MoveToImmutable(),
            ContentHash,
            Thumbnail);
    }
}
