using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Gateway.Api;

/// <summary>A search ready for the shards, and the page of their merged answer to return.</summary>
public sealed record PlannedSearch(ShardQuery Query, int Offset, int K);

/// <summary>
/// Turns one search request into a shard query: encodes its text and photo with the collection's model, builds a
/// recommendation from its example products, validates the rest. Errors name the field under
/// <paramref name="prefix"/> (<c>searches[3].k</c> in a batch).
/// </summary>
public static class SearchPlanner
{
    public static async Task<(PlannedSearch? Plan, ProblemHttpResult? Problem)> PlanAsync(
        CollectionSpec spec, SearchRequest body, byte[]? photo, SearchServices services, string prefix, CancellationToken cancellationToken)
    {
        IReadOnlyList<SpaceVector> contentVectors;
        try
        {
            var (encoded, encodeError) = await QueryEncoding.EncodeAsync(spec, services.Encoders, body.Text, photo, cancellationToken);
            if (encodeError is not null) return (null, BadRequest(prefix, encodeError));
            contentVectors = encoded;
        }
        catch (InvalidImageException exception)
        {
            return (null, BadRequest(prefix, new FieldError(exception.Field ?? "image", exception.Message)));
        }
        var exclude = ImmutableArray<string>.Empty;
        if (body.Positive is { Count: > 0 } || body.Negative is { Count: > 0 })
        {
            var (examples, problem) = await ExamplesAsync(spec, body, services, prefix);
            if (problem is not null) return (null, problem);
            contentVectors = RecommendationQuery.Build(contentVectors, examples!.Value.Positive, examples.Value.Negative);
            if (contentVectors.Count == 0) return (null, BadRequest(prefix, new FieldError("positive", "the examples give no query: none of them has a vector (or positives and negatives cancel out).")));
            exclude = [.. examples.Value.Positive.Concat(examples.Value.Negative).Select(p => p.Id).Distinct(StringComparer.Ordinal)];
        }
        var (query, error) = Validation.ToQuery(spec, body, contentVectors);
        if (error is not null) return (null, BadRequest(prefix, error));
        var offset = body.Offset ?? 0;
        return (new PlannedSearch(query! with { Exclude = exclude }, offset, query!.K - offset), null);
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

    /// <summary>The page of merged hits the request asked for.</summary>
    public static SearchResponse Respond(PlannedSearch plan, FanOutResult result, double tookMs) => new(
        [.. result.Hits.Skip(plan.Offset).Take(plan.K).Select(h => new SearchHitResponse(h.Id, h.Score, h.Title, h.Category, h.Shard, h.MatchedPhoto))],
        result.Partial,
        result.MissingShards,
        tookMs);

    private static ProblemHttpResult BadRequest(string prefix, FieldError error) =>
        Problems.BadRequest(error with { Field = Validation.Join(prefix, error.Field) });
}
