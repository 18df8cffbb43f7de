using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Gateway.Api;

/// <summary>The ways a search ranks products.</summary>
public enum SearchMode
{
    Vector,
    Keyword,
    Hybrid,
}

/// <summary>The keyword half of a search: analysed terms and field weights.</summary>
public sealed record KeywordPlan(KeywordQuery Query, KeywordFieldWeights Weights);

/// <summary>How a hybrid search fuses its rankings: reciprocal rank fusion (with its k) or a weighted sum (with alpha).</summary>
public sealed record FusionPlan(bool Weighted, double Alpha, int RrfK);

/// <summary>
/// A search ready for the shards: the vector query (vector and hybrid modes), the keyword query (keyword and hybrid),
/// the filter and exclusions both share, the facet keys, and the page of the merged answer to return.
/// </summary>
public sealed record PlannedSearch(
    SearchMode Mode,
    ShardQuery? Vector,
    KeywordPlan? Keyword,
    FusionPlan Fusion,
    ProductFilter? Filter,
    ImmutableArray<string> Exclude,
    float? MinScore,
    IReadOnlyList<FilterKey> FacetKeys,
    int FacetLimit,
    int Offset,
    int K,
    int? Adapter = null,
    IReadOnlyList<string>? ReadText = null)
{
    /// <summary>How many products each ranking must return: the page's end, and for hybrid enough candidates to fuse.</summary>
    public int Window => Mode == SearchMode.Hybrid ? Math.Max(Offset + K, RequestLimits.HybridCandidates) : Offset + K;
}

/// <summary>
/// Turns one search request into a plan: encodes its text and photo with the collection's model (not for keyword
/// mode), builds a recommendation from its example products, parses its filter, facets, mode and fusion. Errors name
/// the field under <c>prefix</c> (<c>searches[3].k</c> in a batch).
/// </summary>
public static class SearchPlanner
{
    public static async Task<(PlannedSearch? Plan, ProblemHttpResult? Problem)> PlanAsync(
        CollectionSpec spec, SearchRequest body, byte[]? photo, SearchServices services, string prefix, CancellationToken cancellationToken)
    {
        var manifestWeights = spec.Model is { } model && body.Mode is not (null or "vector") ? services.Encoders.GetManifest(model).KeywordWeights : null;
        var (readText, readLines, readProblem) = await PhotoWords.ReadAsync(spec, body, photo, services.SceneText, prefix, cancellationToken);
        if (readProblem is not null) return (null, readProblem);
        var (options, optionsError) = ReadOptions(body, readText is null ? body.Text : string.Join(' ', readText), manifestWeights);
        if (optionsError is not null) return (null, BadRequest(prefix, optionsError));
        var (mode, filter, facetKeys, fusion, keyword) = options!.Value;
        var (page, pageError) = Validation.ToPage(body);
        if (pageError is not null) return (null, BadRequest(prefix, pageError));
        var (adapter, adapterError) = AdapterChoice.Resolve(spec, body.Adapter);
        if (adapterError is not null) return (null, BadRequest(prefix, adapterError));

        var exclude = ImmutableArray<string>.Empty;
        ShardQuery? vectorQuery = null;
        if (mode != SearchMode.Keyword)
        {
            IReadOnlyList<SpaceVector> contentVectors;
            try
            {
                // Hybrid search on a collection without a model: the words serve the keyword half, explicit vectors the other.
                var text = mode == SearchMode.Hybrid && spec.Model is null ? null : body.Text;
                var (encoded, encodeError) = await QueryEncoding.EncodeAsync(spec, services.Encoders, text, photo, readLines, cancellationToken);
                if (encodeError is not null) return (null, BadRequest(prefix, encodeError));
                contentVectors = encoded;
            }
            catch (InvalidImageException exception)
            {
                return (null, BadRequest(prefix, new FieldError(exception.Field ?? "image", exception.Message)));
            }
            if (body.Positive is { Count: > 0 } || body.Negative is { Count: > 0 })
            {
                var (examples, problem) = await ExamplesAsync(spec, body, services, prefix);
                if (problem is not null) return (null, problem);
                contentVectors = RecommendationQuery.Build(contentVectors, examples!.Value.Positive, examples.Value.Negative);
                if (contentVectors.Count == 0) return (null, BadRequest(prefix, new FieldError("positive", "the examples give no query: none of them has a vector (or positives and negatives cancel out).")));
                exclude = [.. examples.Value.Positive.Concat(examples.Value.Negative).Select(p => p.Id).Distinct(StringComparer.Ordinal)];
            }
            var (query, error) = Validation.ToQuery(spec, body, contentVectors, page);
            if (error is not null) return (null, BadRequest(prefix, error));
            vectorQuery = query! with { Exclude = exclude, Adapter = adapter };
        }
        var plan = new PlannedSearch(mode, vectorQuery, keyword, fusion, filter, exclude, body.MinScore, facetKeys,
            body.FacetLimit ?? FacetCounter.DefaultValueLimit, page.Offset, page.K, vectorQuery is null ? null : adapter, readText);
        return (plan with { Vector = vectorQuery is null ? null : vectorQuery with { K = plan.Window } }, null);
    }

    /// <param name="words">What the keyword half looks for: the request's text, or the words read from its photo.</param>
    private static ((SearchMode Mode, ProductFilter? Filter, IReadOnlyList<FilterKey> Facets, FusionPlan Fusion, KeywordPlan? Keyword)? Options, FieldError? Error) ReadOptions(
        SearchRequest body, string? words, IReadOnlyDictionary<string, float>? manifestWeights)
    {
        SearchMode mode;
        switch (body.Mode?.ToLowerInvariant())
        {
            case null or "vector": mode = SearchMode.Vector; break;
            case "keyword": mode = SearchMode.Keyword; break;
            case "hybrid": mode = SearchMode.Hybrid; break;
            default: return (null, new FieldError("mode", "must be \"vector\", \"keyword\" or \"hybrid\"."));
        }
        var (filter, filterError) = Validation.ToFilter(body.Filter);
        if (filterError is not null) return (null, filterError);
        var facets = new List<FilterKey>();
        var keys = body.Facets ?? [];
        if (keys.Count > RequestLimits.MaxFacetKeys) return (null, new FieldError("facets", $"at most {RequestLimits.MaxFacetKeys} keys."));
        if (body.FacetLimit is < 1 or > RequestLimits.MaxFacetValues) return (null, new FieldError("facetLimit", $"must be from 1 to {RequestLimits.MaxFacetValues}."));
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is not { } text || !FilterKey.TryParse(text, out var key)) return (null, new FieldError($"facets[{i}]", "must be \"category\" or \"attributes.<name>\"."));
            facets.Add(key);
        }
        var (fusion, fusionError) = ToFusion(body.Fusion, mode);
        if (fusionError is not null) return (null, fusionError);
        KeywordPlan? keyword = null;
        if (mode != SearchMode.Vector)
        {
            if (string.IsNullOrWhiteSpace(words)) return (null, new FieldError("text", $"a {body.Mode} search needs the words to look for in 'text'."));
            if (words.Length > RequestLimits.MaxTextLength) return (null, new FieldError("text", $"must be 1 to {RequestLimits.MaxTextLength} characters."));
            if (body.Positive is { Count: > 0 } && mode == SearchMode.Keyword) return (null, new FieldError("positive", "examples need a vector or hybrid search."));
            var (weights, weightsError) = ToKeywordWeights(body.KeywordWeights, manifestWeights);
            if (weightsError is not null) return (null, weightsError);
            keyword = new KeywordPlan(KeywordQuery.Parse(words), weights!);
        }
        return ((mode, filter, facets, fusion!, keyword), null);
    }

    private static (FusionPlan? Fusion, FieldError? Error) ToFusion(FusionRequest? request, SearchMode mode)
    {
        if (request is null) return (new FusionPlan(false, 0.5, HybridFusion.DefaultRrfK), null);
        if (mode != SearchMode.Hybrid) return (null, new FieldError("fusion", "applies to \"mode\": \"hybrid\" only."));
        switch (request.Method?.ToLowerInvariant())
        {
            case null or "rrf":
                if (request.K is { } k && k < 1) return (null, new FieldError("fusion.k", "must be at least 1."));
                return (new FusionPlan(false, 0.5, request.K ?? HybridFusion.DefaultRrfK), null);
            case "weighted":
                if (request.Alpha is { } alpha && (!double.IsFinite(alpha) || alpha is < 0 or > 1)) return (null, new FieldError("fusion.alpha", "must be from 0 to 1."));
                return (new FusionPlan(true, request.Alpha ?? 0.5, HybridFusion.DefaultRrfK), null);
            default:
                return (null, new FieldError("fusion.method", "must be \"rrf\" or \"weighted\"."));
        }
    }

    /// <summary>The defaults (title 3, others 1), then the model manifest's weights, then the request's.</summary>
    private static (KeywordFieldWeights? Weights, FieldError? Error) ToKeywordWeights(Dictionary<string, float>? request, IReadOnlyDictionary<string, float>? manifest)
    {
        foreach (var (field, weight) in request ?? [])
        {
            if (!KeywordFieldNames.All.Contains(field)) return (null, new FieldError($"keywordWeights.{field}", $"unknown field; the fields are {string.Join(", ", KeywordFieldNames.All)}."));
            if (!float.IsFinite(weight) || weight < 0) return (null, new FieldError($"keywordWeights.{field}", "must be a number of 0 or more (0 leaves the field out)."));
        }
        var weights = KeywordFieldWeights.Default.Weights.SetItems(manifest ?? new Dictionary<string, float>()).SetItems(request ?? []);
        return (KeywordFieldWeights.Default with { Weights = weights }, null);
    }

    /// <summary>The stored example products, or a 400 (bad ids) / 404 naming the ids that do not exist.</summary>
    private static async Task<((IReadOnlyList<ProductRecord> Positive, IReadOnlyList<ProductRecord> Negative)? Examples, ProblemHttpResult? Problem)> ExamplesAsync(
        CollectionSpec spec, SearchRequest body, SearchServices services, string prefix)
    {
        var lists = new[] { ("positive", body.Positive ?? []), ("negative", body.Negative ?? []) };
        if (lists.Sum(l => l.Item2.Count) > RequestLimits.MaxExamples)
        {
            return (null, BadRequest(prefix, new FieldError("positive", $"at most {RequestLimits.MaxExamples} example ids (positive and negative together).")));
        }
        var found = new List<ProductRecord>[2];
        for (var l = 0; l < lists.Length; l++)
        {
            var (field, ids) = lists[l];
            for (var i = 0; i < ids.Count; i++)
            {
                if (Validation.CheckId(ids[i], $"{field}[{i}]") is { } idError) return (null, BadRequest(prefix, idError));
            }
            var products = await Task.WhenAll(ids.Select(id => services.Catalog.GetProductAsync(spec, id!)));
            var missing = ids.Where((_, i) => products[i] is null).ToList();
            if (missing.Count > 0)
            {
                return (null, Problems.NotFound(Validation.Join(prefix, field), $"no product {string.Join(", ", missing.Select(id => $"'{id}'"))} in collection '{spec.Name}'."));
            }
            found[l] = [.. products.OfType<ProductRecord>()];
        }
        return ((found[0], found[1]), null);
    }

    private static ProblemHttpResult BadRequest(string prefix, FieldError error) =>
        Problems.BadRequest(error with { Field = Validation.Join(prefix, error.Field) });
}
