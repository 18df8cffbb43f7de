using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections/{name}/products").WithTags("Products");
        group.MapPost("/", UpsertProducts).WithName("UpsertProducts").Accepts<UpsertProductsRequest>("application/json", "multipart/form-data")
            .Produces<UpsertProductsResponse>(StatusCodes.Status207MultiStatus)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(507);
        // A file result carries no metadata of its own: the content type is declared here.
        group.MapGet("/{id}/thumbnail", GetThumbnail).WithName("GetProductThumbnail").Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(507);
        group.MapGet("/{id}/photos/{photo:int}/thumbnail", GetPhotoThumbnail).WithName("GetPhotoThumbnail").Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(507);
        group.MapPost("/{id}/photos", ProductPhotosApi.AddPhotos).WithName("AddPhotos").Accepts<AddPhotosRequest>("application/json", "multipart/form-data")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(507);
        group.MapDelete("/{id}/photos/{photo:int}", ProductPhotosApi.RemovePhoto).WithName("RemovePhoto").ProducesProblem(400).ProducesProblem(404).ProducesProblem(507);
        group.MapGet("/{id}", GetProduct).WithName("GetProduct").ProducesProblem(400).ProducesProblem(404).ProducesProblem(507);
        group.MapDelete("/{id}", DeleteProduct).WithName("DeleteProduct").ProducesProblem(400).ProducesProblem(404).ProducesProblem(507);
        return group;
    }

    /// <summary>
    /// Validates every item on its own: invalid items (a bad photo included) are rejected by themselves and
    /// nothing of them is written; the valid ones are committed. 200 unless every item was rejected (400) or a
    /// valid one failed to commit (503). Shards commit independently, so a batch that meets the memory budget is
    /// answered per item: 507 when nothing was stored, else 207 with each item committed or failed (naming the
    /// setting). A multipart/form-data body carries one product (see <see cref="ProductUpload"/>); errors then
    /// name the form fields.
    /// </summary>
    public static async Task<Results<Ok<UpsertProductsResponse>, JsonHttpResult<UpsertProductsResponse>, ProblemHttpResult>> UpsertProducts(
        string name, HttpRequest request, [AsParameters] ProductServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (upload, uploadProblem) = await ProductUpload.ReadAsync(request, services.Limits.Value, cancellationToken);
        if (uploadProblem is not null) return uploadProblem;
        var spec = await services.Catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);

        var statuses = new ItemStatus[upload!.Products.Count];
        var drafts = new List<(int Index, ProductDraft Draft)>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var (draft, error) = await upload.ToDraftAsync(spec, i, services.DataRoot, services.Encoding.Value.MaxImageBytes, services.Limits.Value.MaxPhotosPerProduct, cancellationToken);
            if (error is not null) statuses[i] = new ItemStatus(upload.Products[i]?.Id, ItemOutcome.Rejected, error);
            else drafts.Add((i, draft!));
        }
        IReadOnlyList<ProductWriteResult> written;
        try
        {
            written = await services.Writer.WriteAsync(new ClusterIngestTarget(services.Catalog, spec), [.. drafts.Select(d => d.Draft)], cancellationToken: cancellationToken);
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
        for (var j = 0; j < drafts.Count; j++) statuses[drafts[j].Index] = ToItemStatus(written[j]);
        return Answer(statuses, written);
    }

    private static ItemStatus ToItemStatus(ProductWriteResult result) => new(
        result.Id,
        result.Status switch
        {
            ProductWriteStatus.Committed => ItemOutcome.Committed,
            ProductWriteStatus.Rejected => ItemOutcome.Rejected,
            _ => ItemOutcome.Failed,
        },
        result.Error is { } error ? new FieldError(error.Field, error.Message) : null);

    private static Results<Ok<UpsertProductsResponse>, JsonHttpResult<UpsertProductsResponse>, ProblemHttpResult> Answer(
        IReadOnlyList<ItemStatus> statuses, IReadOnlyList<ProductWriteResult> written)
    {
        if (statuses.All(s => s.Status == ItemOutcome.Rejected))
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Every product in the batch was rejected.", statuses.First(s => s.Error is not null).Error!,
                new Dictionary<string, object?> { ["errors"] = statuses.Select(s => s.Error).ToArray() });
        }
        var response = new UpsertProductsResponse(
            statuses.Count(s => s.Status == ItemOutcome.Committed),
            statuses.Count(s => s.Status == ItemOutcome.Rejected),
            statuses.Count(s => s.Status == ItemOutcome.Failed),
            statuses);
        if (written.Any(w => w.OverBudget) && response.Committed > 0)
        {
            return TypedResults.Json(response, statusCode: StatusCodes.Status207MultiStatus);
        }
        if (written.FirstOrDefault(w => w.OverBudget) is { } refused)
        {
            return Problems.Field(StatusCodes.Status507InsufficientStorage, "The memory budget would be exceeded; nothing was stored.",
                new FieldError("products", $"{refused.Error!.Message} The setting is {MemoryBudgetExceededException.SettingName}."),
                new Dictionary<string, object?> { ["setting"] = MemoryBudgetExceededException.SettingName, ["items"] = statuses });
        }
        return response.Failed > 0
            ? TypedResults.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(response);
    }

    /// <summary>The JPEG thumbnail (longest side 160 px) of the product's first photo, made at ingest.</summary>
    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetThumbnail(string name, string id, [AsParameters] ProductServices services) =>
        GetPhotoThumbnail(name, id, 0, services);

    /// <summary>The JPEG thumbnail of the product's photo <paramref name="photo"/> (from 0).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPhotoThumbnail(string name, string id, int photo, [AsParameters] ProductServices services)
    {
        var (spec, problem) = await FindCollectionAsync(name, id, services.Catalog);
        if (problem is not null) return problem;
        if (photo < 0) return Problems.BadRequest(new FieldError("photo", "must be 0 or more."));
        try
        {
            var thumbnail = await services.Catalog.GetThumbnailAsync(spec!, id, photo);
            if (thumbnail is not null) return TypedResults.File(thumbnail, "image/jpeg");
            return await services.Catalog.GetProductAsync(spec!, id) is null
                ? ProductMissing(name, id)
                : Problems.NotFound(photo == 0 ? "id" : "photo", photo == 0
                    ? $"product '{id}' has no thumbnail (it was stored without a photo)."
                    : $"product '{id}' has no photo {photo} with a thumbnail.");
        }
        catch (MemoryBudgetExceededException exception)
        {
            return ShardOverBudget(spec!, id, exception);
        }
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(string name, string id, [AsParameters] ProductServices services)
    {
        var (spec, problem) = await FindCollectionAsync(name, id, services.Catalog);
        if (problem is not null) return problem;
        ProductRecord? product;
        try
        {
            product = await services.Catalog.GetProductAsync(spec!, id);
        }
        catch (MemoryBudgetExceededException exception)
        {
            return ShardOverBudget(spec!, id, exception);
        }
        return product is null
            ? ProductMissing(name, id)
            : TypedResults.Ok(ToResponse(product, spec!));
    }

    private static ProductResponse ToResponse(ProductRecord product, CollectionSpec spec)
    {
        var more = product.Vectors.GroupBy(v => v.Space).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Skip(1).Select(v => v.Values.ToArray()).ToArray());
        return new ProductResponse(
            product.Id,
            product.Title,
            product.Category,
            product.Attributes,
            product.Vectors.DistinctBy(v => v.Space).ToDictionary(v => v.Space, v => v.Values.ToArray()),
            ProductPhotos.Count(product, spec.PhotoSpace),
            product.Description,
            product.SceneText.IsEmpty ? null : [.. product.SceneText.Select(lines => (IReadOnlyList<string>)lines)],
            more.Count == 0 ? null : more);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProduct(
        string name, string id, [AsParameters] ProductServices services, CancellationToken cancellationToken)
    {
        var (spec, problem) = await FindCollectionAsync(name, id, services.Catalog);
        if (problem is not null) return problem;
        try
        {
            return await services.Catalog.DeleteProductAsync(spec!, id, cancellationToken)
                ? TypedResults.NoContent()
                : ProductMissing(name, id);
        }
        catch (MemoryBudgetExceededException exception)
        {
            return ShardOverBudget(spec!, id, exception);
        }
    }

    /// <summary>The product's shard cannot load its partition within the memory budget (also reported by /healthz).</summary>
    internal static ProblemHttpResult ShardOverBudget(CollectionSpec spec, string id, MemoryBudgetExceededException exception) =>
        Problems.Field(StatusCodes.Status507InsufficientStorage, "The product's shard cannot load within the memory budget.",
            new FieldError("id", $"shard {ShardRouter.ShardOf(id, spec.Shards)} of collection '{spec.Name}' (holding product '{id}') cannot load: {exception.Message}"),
            new Dictionary<string, object?> { ["setting"] = MemoryBudgetExceededException.SettingName });

    /// <summary>The collection of a product route, or the problem to answer: a bad name or id (400), no such collection (404).</summary>
    internal static async Task<(CollectionSpec? Spec, ProblemHttpResult? Problem)> FindCollectionAsync(string name, string id, ClusterCatalog catalog)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return (null, Problems.BadRequest(nameError));
        if (Validation.CheckId(id, "id") is { } idError) return (null, Problems.BadRequest(idError));
        var spec = await catalog.GetCollectionAsync(name);
        return spec is null ? (null, CollectionsApi.CollectionMissing(name)) : (spec, null);
    }

    internal static ProblemHttpResult ProductMissing(string name, string id) =>
        Problems.NotFound("id", $"product '{id}' does not exist in collection '{name}'.");
}
