namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>What a product brings to be encoded: a photo (encoded bytes) and its texts.</summary>
public sealed record ProductContent(byte[]? Photo, string? Title, string? Category, string? Description)
{
    public string? Field(string name) => name switch
    {
        ProductFields.Title => Title,
        ProductFields.Category => Category,
        ProductFields.Description => Description,
        _ => null,
    };
}

public static class ProductText
{
    /// <summary>The text a manifest feeds to its text space: the mapped fields that are present, in manifest order.</summary>
    public static string? TextOf(ModelManifest manifest, ProductContent content)
    {
        if (manifest.Text is null) return null;
        var parts = manifest.Fields
            .Where(f => f.Field != ProductFields.Photo && f.Space == manifest.Text.Space)
            .Select(f => content.Field(f.Field))
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => v!.Trim())
            .ToList();
        return parts.Count == 0 ? null : string.Join(". ", parts);
    }
}
