namespace UmsOrleans.Engine.Ingestion;

/// <summary>Limits on one product.</summary>
public static class ProductLimits
{
    /// <summary>Photos (and vectors per space) one product may have unless configured otherwise.</summary>
    public const int DefaultMaxPhotos = 32;
}
