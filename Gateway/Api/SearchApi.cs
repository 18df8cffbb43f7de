using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Gateway.Api;

public static class SearchApi
{
    public static IEndpointConventionBuilder MapSearchApi(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/collections/{name}/search", Search).WithName("Search").WithTags("Search")
            .Accepts<SearchRequest>("application/json", "multipart/form-data").ProducesProblem(400).ProducesProblem(404).ProducesProblem(413)
            .RequireAuthorization(UmsOrleans.Gateway.Security.ApiRoles.SearchPolicy);

    /// <summary>
    /// A search by explicit vectors and/or by content encoded with the collection's model: JSON
    /// <c>{"text": "oat milk", "image": "&lt;base64&gt;", "weights": {"image": 1, "text": 0.5}, "k": 10}</c>, or a
    /// multipart form with an <c>image</c> file part and text fields <c>text</c>, <c>k</c>, <c>weights</c> (JSON)
    /// and <c>category</c>.
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
        IReadOnlyList<SpaceVector> contentVectors;
        try
        {
            var (encoded, encodeError) = await QueryEncoding.EncodeAsync(spec, services.Encoders, body!.Text, photo, cancellationToken);
            if (encodeError is not null) return Problems.BadRequest(encodeError);
            contentVectors = encoded;
        }
        catch (InvalidImageException exception)
        {
            return Problems.BadRequest(new FieldError(exception.Field ?? "image", exception.Message));
        }
        var (query, error) = Validation.ToQuery(spec, body, contentVectors);
        if (error is not null) return Problems.BadRequest(error);
        try
        {
            var result = await services.Catalog.SearchAsync(spec, query!, cancellationToken);
            return TypedResults.Ok(new SearchResponse(
                result.Hits.Select(h => new SearchHitResponse(h.Id, h.Score, h.Title, h.Category, h.Shard)).ToList(),
                result.Partial,
                result.MissingShards,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
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
        var body = new SearchRequest(null, weights, k, category is null ? null : new SearchFilter(category), FormBody.Text(form!, "text"));
        if (form!.Files.GetFile("image") is not { } file) return (body, null, null);
        var (photo, photoError) = await PhotoInput.FromFormFileAsync(file, "image", maxImageBytes, cancellationToken);
        return photoError is not null ? (null, null, Problems.BadRequest(photoError)) : (body, photo, null);
    }
}
