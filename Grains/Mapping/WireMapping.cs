using System.Collections.Immutable;
using System.Data.Common;
using Wire = UmsOrleans.Contracts;

namespace UmsOrleans.Grains.Mapping;

/// <summary>
/// Converts between the engine's records and the wire records that grain calls carry. Both are immutable and
/// share their byte payloads (vectors, thumbnails), so a conversion copies references, never vector data.
/// </summary>
public static class WireMapping
{
    public static Wire.ProductRecord ToWire(this Engine.Catalog.ProductRecord p) =>
        new(p.Id, p.Title, p.Category, Engine.Catalog.AttributesJson.Write(p.Attributes), [.. p.Vectors.Select(ToWire)], p.ContentHash, p.Thumbnails, p.SceneText);

    public static Engine.Catalog.ProductRecord ToEngine(this Wire.ProductRecord p) =>
        new(p.Id, p.Title, p.Category, Engine.Catalog.AttributesJson.Read(p.AttributesJson), [.. p.Vectors.Select(ToEngine)], p.ContentHash, p.Thumbnails, p.SceneText);

    public static Wire.SpaceVector ToWire(this Engine.Catalog.SpaceVector v) => new(v.Space, v.Data);

    public static Engine.Catalog.SpaceVector ToEngine(this Wire.SpaceVector v) => new(v.Space, v.Data);

    public static Wire.CollectionSpec ToWire(this Engine.Catalog.CollectionSpec s) =>
        new(s.Name, s.Shards, [.. s.Spaces.Select(x => new Wire.VectorSpace(x.Name, x.Dimension))], s.Model, s.Quantization?.ToWire(), s.Generation, s.SceneText, s.ActiveAdapter, s.AdapterAligns, s.Index?.ToWire(), s.Replicas, s.RoutingVersion, s.ReshardTo, s.ReshardBackfilled, s.OldLayoutShards);

    public static Engine.Catalog.CollectionSpec ToEngine(this Wire.CollectionSpec s) =>
        new(s.Name, s.Shards, [.. s.Spaces.Select(x => new Engine.Catalog.VectorSpace(x.Name, x.Dimension))], s.Model, s.Quantization?.ToEngine(), s.Generation, s.SceneText, s.ActiveAdapter, s.AdapterAligns, s.Index?.ToEngine(), s.Replicas, s.RoutingVersion, s.ReshardTo, s.ReshardBackfilled, s.OldLayoutShards);

    public static Wire.QuantizationSpec ToWire(this Engine.Catalog.QuantizationSpec q) => new((Wire.QuantizationType)q.Type, q.Oversample);

    public static Engine.Catalog.QuantizationSpec ToEngine(this Wire.QuantizationSpec q) => new((Engine.Catalog.QuantizationType)q.Type, q.Oversample);

    public static Wire.AnnIndexSpec ToWire(this Engine.Catalog.AnnIndexSpec i) => new((Wire.AnnIndexType)i.Type, i.M, i.EfConstruction, i.Ef, (Wire.AnnPrecision)i.Precision);

    public static Engine.Catalog.AnnIndexSpec ToEngine(this Wire.AnnIndexSpec i) => new((Engine.Catalog.AnnIndexType)i.Type, i.M, i.EfConstruction, i.Ef, (Engine.Catalog.AnnPrecision)i.Precision);

    public static Engine.Catalog.CreateCollectionOutcome ToEngine(this Wire.CreateCollectionOutcome o) =>
        new((Engine.Catalog.CreateCollectionStatus)o.Status, o.Existing.ToEngine());

    public static Wire.ShardQuery ToWire(this Engine.Search.ShardQuery q) =>
        new([.. q.Vectors.Select(v => new Wire.QueryVector(v.Space, v.Weight, v.Data))], q.K, q.Filter?.ToCanonicalJson(), q.MinScore, q.Exclude, q.Adapter, q.Ef);

    public static Engine.Search.ShardQuery ToEngine(this Wire.ShardQuery q) =>
        new([.. q.Vectors.Select(v => new Engine.Search.QueryVector(v.Space, v.Weight, v.Data))], q.K, FilterOf(q.FilterJson), q.MinScore, q.Exclude, q.Adapter, q.Ef);

    /// <summary>The filter a wire message carries as canonical JSON, or null.</summary>
    public static Engine.Search.Filtering.ProductFilter? FilterOf(string? json) =>
        json is null ? null : Engine.Search.Filtering.ProductFilter.FromCanonicalJson(json);

    public static Wire.KeyFacets ToWire(this Engine.Search.Filtering.KeyFacets f) =>
        new(f.Key, [.. f.Values.Select(v => new Wire.FacetValue(v.Value, (int)v.Kind, v.Count))]);

    public static Engine.Search.Filtering.KeyFacets ToEngine(this Wire.KeyFacets f) =>
        new(f.Key, [.. f.Values.Select(v => new Engine.Search.Filtering.FacetValueCount(v.Value, (Engine.Catalog.AttributeKind)v.Kind, v.Count))]);

    public static Wire.KeywordStatistics ToWire(this Engine.Search.Keyword.KeywordStatistics s) =>
        new(s.DocumentCount, s.Fields.ToImmutableDictionary(f => f.Key, f => new Wire.KeywordFieldStatistics(f.Value.DocumentCount, f.Value.TotalLength, f.Value.DocumentFrequencies)));

    public static Engine.Search.Keyword.KeywordStatistics ToEngine(this Wire.KeywordStatistics s) =>
        new(s.DocumentCount, s.Fields.ToImmutableDictionary(f => f.Key, f => new Engine.Search.Keyword.KeywordFieldStatistics(f.Value.DocumentCount, f.Value.TotalLength, f.Value.DocumentFrequencies), StringComparer.Ordinal));

    public static Wire.SearchHit ToWire(this Engine.Search.SearchHit h) => new(h.Id, h.Score, h.Title, h.Category, h.Shard, h.MatchedPhoto);

    public static Engine.Search.SearchHit ToEngine(this Wire.SearchHit h) => new(h.Id, h.Score, h.Title, h.Category, h.Shard, h.MatchedPhoto);

    public static Wire.ShardStats ToWire(this Engine.Search.ShardStats s) => new(s.Shard, s.Products, s.VectorsPerSpace, s.MemoryBytes, s.Silo, s.ProductsPerSpace, s.Replica);

    public static Engine.Search.ShardStats ToEngine(this Wire.ShardStats s) => new(s.Shard, s.Products, s.VectorsPerSpace, s.MemoryBytes, s.Silo, s.ProductsPerSpace, s.Replica);

    public static ImmutableArray<Wire.SearchHit> ToWire(this IEnumerable<Engine.Search.SearchHit> hits) => [.. hits.Select(ToWire)];

    /// <summary>The wire form of an engine exception that a caller must recognise; other exceptions cross as they are.</summary>
    public static Exception ToWire(this Exception exception) => exception switch
    {
        Engine.Search.MemoryBudgetExceededException e => new Wire.MemoryBudgetExceededException(e.RequestedBytes, e.ReservedBytes, e.BudgetBytes),
        Engine.Catalog.CollectionNotFoundException e => new Wire.CollectionNotFoundException(e.Collection),
        Engine.Catalog.RoutingChangedException e => new Wire.RoutingChangedException(e.Collection, e.WriterVersion, e.CurrentVersion),
        _ when StoreFailureOf(exception) is { } storeFailure => new Wire.CatalogStoreUnavailableException(storeFailure.Message),
        _ => exception,
    };

    /// <summary>The catalog store's exception behind <paramref name="exception"/> (itself or an inner cause), if any.</summary>
    public static DbException? StoreFailureOf(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException storeFailure) return storeFailure;
        }
        return null;
    }

    /// <summary>The engine form of a wire exception, so callers of the cluster clients handle one set of types.</summary>
    public static Exception ToEngine(this Exception exception) => exception switch
    {
        Wire.MemoryBudgetExceededException e => new Engine.Search.MemoryBudgetExceededException(e.RequestedBytes, e.ReservedBytes, e.BudgetBytes),
        Wire.CollectionNotFoundException e => new Engine.Catalog.CollectionNotFoundException(e.Collection),
        Wire.RoutingChangedException e => new Engine.Catalog.RoutingChangedException(e.Collection, e.WriterVersion, e.CurrentVersion),
        _ => exception,
    };
}
