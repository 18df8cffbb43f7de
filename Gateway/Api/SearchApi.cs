using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Gateway.Api;

public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/collections/{name}/search", Search).WithName("Search").WithTags("Search")
            .Accepts<SearchRequest>("application/json", "multipart/form-data").ProducesProblem(400).ProducesProblem(404).ProducesProblem(413)
            .RequireAuthorization(UmsOrleans.Gateway.Security.ApiRoles.SearchPolicy);
        routes.MapPost("/collections/{name}/search/batch", SearchBatch).WithName("SearchBatch").WithTags("Search")
            .Accepts<BatchSearchRequest>("application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(413)
            .RequireAuthorization(UmsOrleans.Gateway.Security.ApiRoles.SearchPolicy);
        return routes;
    }

    /// <summary>
    /// A search by explicit vectors, by content encoded with the collection's model, and/or by example products:
    /// JSON <c>{"text": "oat milk", "image": "&lt;base64&gt;", "weights": {"image": 1, "text": 0.5}, "k": 10, "offset": 0,
    /// "minScore": 0.2, "positive": ["id"], "filter": {…}, "facets": ["category"], "mode": "hybrid"}</c>, or a multipart form
    /// with an <c>image</c> file part and text fields <c>text</c>, <c>k</c>, <c>weights</c> (JSON) and <c>category</c>.
    /// </summary>
    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Search(
        string name, HttpRequest request, [AsParameters] SearchServices services, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var maxBytes = services.Limits.Value.MaxRequestBytes;
        var maxImageBytes = services.Encoding.Value.MaxImageBytes;
        var (body, photo, readError) = request.HasFormContentType
            ? await ReadFormAsync(request, maxBytes, maxImageBytes, cancellationToken)
            : await ReadJsonAsync(request, maxBytes, maxImageBytes, cancellationToken);
        if (readError is not null) return readError;
        var spec = await services.Catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        try
        {
            var (plan, problem) = await SearchPlanner.PlanAsync(spec, body!, photo, services, "", cancellationToken);
            if (problem is not null) return problem;
            var vector = plan!.Vector is { } query ? services.Catalog.SearchAsync(spec, query, cancellationToken) : null;
            return TypedResults.Ok(await SearchExecution.RunAsync(spec, plan, vector, services.Catalog, started, cancellationToken));
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
    }

    /// <summary>
    /// Up to <see cref="RequestLimits.MaxBatchSearches"/> searches (JSON, as <see cref="Search"/> takes them) answered
    /// in one fan-out: every shard scores them in one pass. A bad search fails the batch with a 400 naming
    /// <c>searches[i]</c> and its field.
    /// </summary>
    public static async Task<Results<Ok<BatchSearchResponse>, ProblemHttpResult>> SearchBatch(
        string name, HttpRequest request, [AsParameters] SearchServices services, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<BatchSearchRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        if (body?.Searches is not { Count: > 0 } searches) return Problems.BadRequest(new FieldError("searches", "must list at least one search."));
        if (searches.Count > RequestLimits.MaxBatchSearches)
        {
            return Problems.TooLarge("searches", $"{searches.Count} searches in one batch; the limit is {RequestLimits.MaxBatchSearches}. Split the batch.");
        }
        var spec = await services.Catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        try
        {
            var plans = await Task.WhenAll(searches.Select((search, i) => PlanOneAsync(spec, search, i, services, cancellationToken)));
            if (plans.FirstOrDefault(p => p.Problem is not null).Problem is { } problem) return problem;
            // Every vector query of the batch goes to the shards in one fan-out, scored in one pass by each shard.
            var vectorPlans = plans.Select(p => p.Plan!).Where(p => p.Vector is not null).ToList();
            var vectorAnswers = services.Catalog.SearchBatchAsync(spec, [.. vectorPlans.Select(p => p.Vector!)], cancellationToken);
            var responses = await Task.WhenAll(plans.Select(p => SearchExecution.RunAsync(
                spec, p.Plan!, p.Plan!.Vector is null ? null : AnswerOf(vectorAnswers, vectorPlans.IndexOf(p.Plan!)), services.Catalog, started, cancellationToken)));
            return TypedResults.Ok(new BatchSearchResponse(responses, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
    }

    private static async Task<FanOutResult> AnswerOf(Task<IReadOnlyList<FanOutResult>> answers, int index) => (await answers)[index];

    private static async Task<(PlannedSearch? Plan, ProblemHttpResult? Problem)> PlanOneAsync(
        CollectionSpec spec, SearchRequest? search, int index, SearchServices services, CancellationToken cancellationToken)
    {
        var prefix = $"searches[{index}]";
        if (search is null) return (null, Problems.BadRequest(new FieldError(prefix, "must be a search object.")));
        byte[]? photo = null;
        if (search.Image is not null)
        {
            var (bytes, photoError) = PhotoInput.FromBase64(search.Image, $"{prefix}.image", services.Encoding.Value.MaxImageBytes);
            if (photoError is not null) return (null, Problems.BadRequest(photoError));
            photo = bytes;
        }
        return await SearchPlanner.PlanAsync(spec, search, photo, services, prefix, cancellationToken);
    }

    private static async Task<(SearchRequest? Body, byte[]? Photo, ProblemHttpResult? Error)> ReadJsonAsync(HttpRequest request, long maxBytes, int maxImageBytes, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<SearchRequest>(request, maxBytes, cancellationToken);
        if (bodyError is not null) return (null, null, bodyError);
        if (body is null) return (null, null, Problems.BadRequest(new FieldError("$", "a JSON body with \"vectors\", \"text\" or \"image\" is required.")));
        if (body.Image is null) return (body, null, null);
        var (photo, photoError) = PhotoInput.FromBase64(body.Image, "image", maxImageBytes);
        return photoError is not null ? (null, null, Problems.BadRequest(photoError)) : (body, photo, null);
    }

    private static async Task<(SearchRequest? Body, byte[]? Photo, ProblemHttpResult? Error)> ReadFormAsync(HttpRequest request, long maxBytes, int maxImageBytes, CancellationToken cancellationToken)
    {
        var (form, formError) = await FormBody.ReadAsync(request, maxBytes, cancellationToken);
        if (formError is not null) return (null, null, formError);
        var (weights, weightsError) = FormBody.Json<Dictionary<string, float>>(form!, "weights");
        if (weightsError is not null) return (null, null, Problems.BadRequest(weightsError));
        int? k = null;
        if (FormBody.Text(form!, "k") is { } kText)
        {
            if (!int.TryParse(kText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return (null, null, Problems.BadRequest(new FieldError("k", "must be an integer.")));
            k = parsed;
        }
        var category = FormBody.Text(form!, "category");
        var filter = category is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["category"] = category });
        var body = new SearchRequest(null, weights, k, filter, FormBody.Text(form!, "text"));
        if (form!.Files.GetFile("image") is not { } file) return (body, null, null);
        var (photo, photoError) = await PhotoInput.FromFormFileAsync(file, "image", maxImageBytes, cancellationToken);
        return photoError is not null ? (null, null, Problems.BadRequest(photoError)) : (body, photo, null);
    }
}
