using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Gateway.Api;

/// <summary>Limits on what one HTTP request may carry (section <c>Ums:Limits</c>).</summary>
public sealed class RequestLimits
{
    public const string Section = "Ums:Limits";

    /// <summary>Most products in one upsert batch; more is answered with 413.</summary>
    [Range(1, 100_000, ErrorMessage = $"{Section}:{nameof(MaxBatchProducts)} must be from {{1}} to {{2}}.")]
    public int MaxBatchProducts { get; set; } = 1000;

    /// <summary>Largest request body in bytes; more is answered with 413.</summary>
    [Range(1024, 1L << 31, ErrorMessage = $"{Section}:{nameof(MaxRequestBytes)} must be from {{1}} to {{2}}.")]
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most photos (and vectors per space) of one product; more is answered with 400.</summary>
    [Range(1, 1024, ErrorMessage = $"{Section}:{nameof(MaxPhotosPerProduct)} must be from {{1}} to {{2}}.")]
    public int MaxPhotosPerProduct { get; set; } = UmsOrleans.Engine.Ingestion.ProductLimits.DefaultMaxPhotos;

    public const int MaxK = 1000;

    /// <summary>Largest <c>offset + k</c> of a search: each shard returns that many products for the merge.</summary>
    public const int MaxWindow = 10_000;

    /// <summary>Most searches in one batch request.</summary>
    public const int MaxBatchSearches = 64;

    /// <summary>Most facet keys of one search.</summary>
    public const int MaxFacetKeys = 16;

    /// <summary>Most values per facet key a search may ask for (<c>facetLimit</c>; 20 unless asked).</summary>
    public const int MaxFacetValues = 1000;

    /// <summary>Hits each ranking of a hybrid search contributes before fusion (at least offset + k).</summary>
    public const int HybridCandidates = 100;

    /// <summary>Most example ids (positive and negative together) of a recommendation.</summary>
    public const int MaxExamples = 64;
    public const int MaxIdLength = UmsOrleans.Engine.Ingestion.CatalogLine.MaxIdLength; // one limit for the API and catalog files
    public const int MaxShards = 1024;
    public const int MaxDimension = 8192;
    public const int MaxSpaces = 16;
    public const int MaxTextLength = 4096;
    public const int MaxAttributes = 64;
}
