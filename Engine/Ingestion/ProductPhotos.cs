using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// Adds photos to a stored product or removes one, without resending the product: photo i is the i-th vector of the
/// photo space and the i-th thumbnail. The stored content hash is dropped (the product no longer matches the content
/// it was ingested from, so the next ingest of that content writes it again).
/// </summary>
public static class ProductPhotos
{
    /// <summary>How many photos the product has: vectors in the photo space, or thumbnails when there are more of those.</summary>
    public static int Count(ProductRecord product, string photoSpace) => Math.Max(product.CountIn(photoSpace), product.Thumbnails.Length);

    /// <summary>The product with <paramref name="vectors"/> (one per photo), their thumbnails and their scene text appended.</summary>
    public static ProductRecord Add(ProductRecord product, IReadOnlyList<SpaceVector> vectors, IReadOnlyList<byte[]> thumbnails, IReadOnlyList<ImmutableArray<string>>? sceneText = null) =>
        product with
        {
            Vectors = product.Vectors.AddRange(vectors),
            Thumbnails = product.Thumbnails.AddRange(thumbnails),
            SceneText = sceneText is { Count: > 0 } ? product.SceneText.AddRange(sceneText) : product.SceneText,
            ContentHash = null,
        };

    /// <summary>The product without photo <paramref name="index"/>, or null when it has no such photo.</summary>
    public static ProductRecord? Remove(ProductRecord product, string photoSpace, int index)
    {
        if (index < 0 || index >= Count(product, photoSpace)) return null;
        var seen = 0;
        var vectors = ImmutableArray.CreateBuilder<SpaceVector>(product.Vectors.Length);
        foreach (var vector in product.Vectors)
        {
            if (vector.Space == photoSpace && seen++ == index) continue;
            vectors.Add(vector);
        }
        var thumbnails = index < product.Thumbnails.Length ? product.Thumbnails.RemoveAt(index) : product.Thumbnails;
        var sceneText = index < product.SceneText.Length ? product.SceneText.RemoveAt(index) : product.SceneText;
        return product with { Vectors = vectors.ToImmutable(), Thumbnails = thumbnails, SceneText = sceneText, ContentHash = null };
    }
}
