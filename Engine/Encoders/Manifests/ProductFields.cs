namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>The product fields a manifest can map to spaces.</summary>
public static class ProductFields
{
    public const string Photo = "photo";
    public const string Title = "title";
    public const string Category = "category";
    public const string Description = "description";
}
