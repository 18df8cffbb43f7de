using System.Diagnostics;
using System.Globalization;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Runs a planned search on the cluster: the vector ranking (already asked for when it came in a batch), the keyword
/// ranking, their fusion for hybrid search, and the facet counts, all at once; then cuts the requested page.
/// </summary>
public static class SearchExecution
{
    public static async Task<SearchResponse> RunAsync(
        CollectionSpec spec, PlannedSearch plan, Task<FanOutResult>? vector, ClusterCatalog catalog, long started, CancellationToken cancellationToken)
    {
        var keyword = plan.Keyword is { } words
            ? catalog.KeywordSearchAsync(spec, words.Query, words.Weights, plan.Window, plan.Filter, plan.Exclude, plan.Mode == SearchMode.Hybrid ? null : plan.MinScore, cancellationToken)
            : null;
        var facets = plan.FacetKeys.Count > 0
            ? catalog.CountFacetsAsync(spec, plan.Filter, plan.FacetKeys, plan.Exclude, plan.FacetLimit, cancellationToken)
            : null;
        var vectorResult = vector is null ? null : await vector;
        var keywordResult = keyword is null ? null : await keyword;
        var facetResult = facets is null ? default : await facets;

        var hits = plan.Mode switch
        {
            SearchMode.Vector => vectorResult!.Hits.Select(h => ToResponse(h, null)),
            SearchMode.Keyword => keywordResult!.Hits.Select(h => ToResponse(h, null)),
            _ => Fuse(plan, vectorResult!.Hits, keywordResult!.Hits),
        };
        var missing = (vectorResult?.MissingShards ?? []).Concat(keywordResult?.MissingShards ?? []).Concat(facetResult.MissingShards ?? []).Distinct().Order().ToList();
        return new SearchResponse(
            [.. hits.Skip(plan.Offset).Take(plan.K)],
            missing.Count > 0,
            missing,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            facets is null ? null : facetResult.Facets.ToDictionary(f => f.Key, f => (IReadOnlyList<FacetValueResponse>)[.. f.Values.Select(ToResponse)]),
            plan.Adapter,
            plan.ReadText);
    }

    /// <summary>Both rankings fused (reciprocal rank or weighted), best first, ties by id; the minimum score applies to the fused score.</summary>
    private static IEnumerable<SearchHitResponse> Fuse(PlannedSearch plan, IReadOnlyList<SearchHit> vector, IReadOnlyList<SearchHit> keyword)
    {
        var fused = plan.Fusion.Weighted
            ? HybridFusion.Weighted([.. vector.Select(h => new ScoredId(h.Id, h.Score))], [.. keyword.Select(h => new ScoredId(h.Id, h.Score))], plan.Fusion.Alpha)
            : HybridFusion.ReciprocalRank([.. vector.Select(h => h.Id)], [.. keyword.Select(h => h.Id)], plan.Fusion.RrfK);
        var details = keyword.Concat(vector).GroupBy(h => h.Id).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal); // the vector hit knows the matched photo
        return fused
            .Where(f => plan.MinScore is not { } floor || f.Score >= floor)
            .Select(f => ToResponse(details[f.Id] with { Score = (float)f.Score }, f.Sources));
    }

    private static SearchHitResponse ToResponse(SearchHit hit, FusionSources? sources) => new(
        hit.Id, hit.Score, hit.Title, hit.Category, hit.Shard, hit.MatchedPhoto,
        sources is { } found ? [.. new[] { (FusionSources.Vector, "vector"), (FusionSources.Keyword, "keyword") }.Where(s => found.HasFlag(s.Item1)).Select(s => s.Item2)] : null);

    private static FacetValueResponse ToResponse(FacetValueCount value) => new(
        value.Kind switch
        {
            AttributeKind.Number => double.Parse(value.Value, CultureInfo.InvariantCulture),
            AttributeKind.Boolean => bool.Parse(value.Value),
            _ => value.Value,
        },
        value.Count);
}
