using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections/{name}/products").WithTags("Products");
        group.MapPost("/", UpsertProducts).WithName("UpsertProducts").Accepts<UpsertProductsRequest>("application/json", "multipart/form-data")
            .Produces<UpsertProductsResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(507);
        group.MapGet("/{id}/thumbnail", GetThumbnail).WithName("GetProductThumbnail").Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(404);
        group.MapGet("/{id}", GetProduct).WithName("GetProduct").Produces<ProductResponse>().ProducesProblem(404);
        group.MapDelete("/{id}", DeleteProduct).WithName("DeleteProduct").ProducesProblem(404);
        return group;
    }

    /// <summary>
    /// Validates every item on its own: invalid items (a bad photo included) are rejected by themselves and
    /// nothing of them is written; the valid ones are committed. 200 unless every item was rejected (400) or a
    /// valid one failed to commit (503). A multipart/form-data body carries one product (see
    /// <see cref="ReadFormProduct"/>); errors then name the form fields.
    /// </summary>
    public static async Task<IResult> UpsertProducts(string name, HttpRequest request, [AsParameters] ProductServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var limits = services.Limits.Value;
        List<ProductInput?> inputs;
        IFormCollection? form = null;
        if (request.HasFormContentType)
        {
            (form, var formError) = await FormBody.ReadAsync(request, limits.MaxRequestBytes, cancellationToken);
            if (formError is not null) return formError;
            var (input, inputError) = ReadFormProduct(form!);
            if (inputError is not null) return Problems.BadRequest(inputError);
            inputs = [input];
        }
        else
        {
            var (body, bodyError) = await JsonBody.ReadAsync<UpsertProductsRequest>(request, limits.MaxRequestBytes, cancellationToken);
            if (bodyError is not null) return bodyError;
            if (body?.Products is not { Count: > 0 } list) return Problems.BadRequest(new FieldError("products", "must list at least one product."));
            inputs = list;
        }
        if (inputs.Count > limits.MaxBatchProducts)
        {
            return Problems.TooLarge("products", $"{inputs.Count} products in one batch; the limit is {limits.MaxBatchProducts}. Split the batch.");
        }
        var spec = await services.Catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);

        var statuses = new ItemStatus[inputs.Count];
        var drafts = new List<(int Index, ProductDraft Draft)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var prefix = form is null ? $"products[{i}]" : "";
            var (draft, error) = await ToDraftAsync(spec, inputs[i], prefix, form, services, cancellationToken);
            if (error is not null) statuses[i] = new ItemStatus(inputs[i]?.Id, "rejected", error);
            else drafts.Add((i, draft!));
        }
        var valid = new List<(int Index, ProductRecord Product)>();
        if (spec.Model is null)
        {
            valid.AddRange(drafts.Select(d => (d.Index, ProductBuilder.ToRecord(d.Draft, d.Draft.Vectors, thumbnail: null, hash: null))));
        }
        else if (drafts.Count > 0)
        {
            var built = await services.Builder.BuildAsync(spec, [.. drafts.Select(d => d.Draft)], cancellationToken);
            for (var j = 0; j < drafts.Count; j++)
            {
                var (index, draft) = drafts[j];
                if (built[j].Product is { } product) valid.Add((index, product));
                else statuses[index] = new ItemStatus(draft.Id, built[j].Error!.Transient ? "failed" : "rejected", new FieldError(built[j].Error!.Field, built[j].Error!.Message));
            }
        }
        if (valid.Count == 0 && statuses.All(s => s.Status == "rejected"))
        {
            var first = statuses.First(s => s.Error is not null).Error!;
            return Problems.Field(StatusCodes.Status400BadRequest, "Every product in the batch was rejected.", first,
                new Dictionary<string, object?> { ["errors"] = statuses.Select(s => s.Error).ToArray() });
        }
        valid.Sort((a, b) => a.Index.CompareTo(b.Index));
        IReadOnlyList<ItemWriteResult> written = [];
        try
        {
            if (valid.Count > 0) written = await services.Catalog.UpsertAsync(spec, valid.Select(v => v.Product).ToList());
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
        for (var j = 0; j < valid.Count; j++)
        {
            var result = written[j];
            statuses[valid[j].Index] = result.Committed
                ? new ItemStatus(result.Id, "committed")
                : new ItemStatus(result.Id, "failed", new FieldError(form is null ? $"products[{valid[j].Index}]" : "id", result.Error ?? "not committed"));
        }
        var response = new UpsertProductsResponse(
            statuses.Count(s => s.Status == "committed"),
            statuses.Count(s => s.Status == "rejected"),
            statuses.Count(s => s.Status == "failed"),
            statuses);
        if (written.FirstOrDefault(w => w.OverBudget) is { } refused)
        {
            return Problems.Field(StatusCodes.Status507InsufficientStorage, "The memory budget would be exceeded.",
                new FieldError("products", $"{refused.Error} The setting is {MemoryBudgetExceededException.SettingName}."),
                new Dictionary<string, object?> { ["setting"] = MemoryBudgetExceededException.SettingName, ["items"] = statuses });
        }
        return response.Failed > 0
            ? TypedResults.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(response);
    }

    /// <summary>
    /// One product from a form: text fields <c>id</c>, <c>title</c>, <c>category</c>, <c>description</c>,
    /// <c>attributes</c> (a JSON object of strings), <c>vectors</c> (a JSON object of number arrays), and the
    /// photo as a file part named <c>image</c> (or a text field <c>imagePath</c>).
    /// </summary>
    private static (ProductInput? Input, FieldError? Error) ReadFormProduct(IFormCollection form)
    {
        var (attributes, attributesError) = FormBody.Json<Dictionary<string, string>>(form, "attributes");
        if (attributesError is not null) return (null, attributesError);
        var (vectors, vectorsError) = FormBody.Json<Dictionary<string, float[]?>>(form, "vectors");
        if (vectorsError is not null) return (null, vectorsError);
        return (new ProductInput(
            FormBody.Text(form, "id"),
            FormBody.Text(form, "title"),
            FormBody.Text(form, "category"),
            attributes,
            vectors,
            FormBody.Text(form, "description"),
            Image: null,
            ImagePath: FormBody.Text(form, "imagePath")), null);
    }

    private static async Task<(ProductDraft? Draft, FieldError? Error)> ToDraftAsync(
        CollectionSpec spec, ProductInput? input, string prefix, IFormCollection? form, ProductServices services, CancellationToken cancellationToken)
    {
        var (product, error) = Validation.ToProduct(spec, input, prefix);
        if (error is not null) return (null, error);
        var maxBytes = services.Encoding.Value.MaxImageBytes;
        var file = form?.Files.GetFile("image");
        var sources = (input!.Image is not null ? 1 : 0) + (input.ImagePath is not null ? 1 : 0) + (file is not null ? 1 : 0);
        if (sources > 1) return (null, new FieldError(Validation.Join(prefix, "imagePath"), "give one photo: 'image' or 'imagePath', not both."));
        byte[]? photo = null;
        var photoField = input.ImagePath is not null ? "imagePath" : "image";
        FieldError? photoError = null;
        if (input.Image is not null) (photo, photoError) = PhotoInput.FromBase64(input.Image, Validation.Join(prefix, "image"), maxBytes);
        else if (input.ImagePath is not null) (photo, photoError) = await PhotoInput.FromPathAsync(services.DataRoot, input.ImagePath, Validation.Join(prefix, "imagePath"), maxBytes, cancellationToken);
        else if (file is not null) (photo, photoError) = await PhotoInput.FromFormFileAsync(file, "image", maxBytes, cancellationToken);
        if (photoError is not null) return (null, photoError);
        if (photo is not null && spec.Model is null)
        {
            return (null, new FieldError(Validation.Join(prefix, photoField), $"collection '{spec.Name}' has no model to encode photos; give 'vectors', or create the collection with \"model\"."));
        }
        return (new ProductDraft(product!.Id, product.Title, product.Category, input.Description, product.Attributes, product.Vectors, photo, prefix, photoField), null);
    }

    /// <summary>The product's JPEG thumbnail (longest side 160 px), made from its photo at ingest.</summary>
    public static async Task<IResult> GetThumbnail(string name, string id, ClusterCatalog catalog)
    {
        var (spec, problem) = await FindCollectionAsync(name, id, catalog);
        if (problem is not null) return problem;
        var thumbnail = await catalog.GetThumbnailAsync(spec!, id);
        if (thumbnail is not null) return TypedResults.File(thumbnail, "image/jpeg");
        return await catalog.GetProductAsync(spec!, id) is null
            ? ProductMissing(name, id)
            : Problems.NotFound("id", $"product '{id}' has no thumbnail (it was stored without a photo).");
    }

    public static async Task<IResult> GetProduct(string name, string id, ClusterCatalog catalog)
    {
        var (spec, problem) = await FindCollectionAsync(name, id, catalog);
        if (problem is not null) return problem;
        var product = await catalog.GetProductAsync(spec!, id);
        return product is null
            ? ProductMissing(name, id)
            : TypedResults.Ok(new ProductResponse(
                product.Id,
                product.Title,
                product.Category,
                product.Attributes,
                product.Vectors.ToDictionary(v => v.Space, v => v.Values.ToArray())));
    }

    public static async Task<IResult> DeleteProduct(string name, string id, ClusterCatalog catalog)
    {
        var (spec, problem) = await FindCollectionAsync(name, id, catalog);
        if (problem is not null) return problem;
        return await catalog.DeleteProductAsync(spec!, id)
            ? TypedResults.NoContent()
            : ProductMissing(name, id);
    }

    /// <summary>The collection of a product route, or the problem to answer: a bad name or id (400), no such collection (404).</summary>
    private static async Task<(CollectionSpec? Spec, IResult? Problem)> FindCollectionAsync(string name, string id, ClusterCatalog catalog)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return (null, Problems.BadRequest(nameError));
        if (Validation.CheckId(id, "id") is { } idError) return (null, Problems.BadRequest(idError));
        var spec = await catalog.GetCollectionAsync(name);
        return spec is null ? (null, CollectionsApi.CollectionMissing(name)) : (spec, null);
    }

    private static IResult ProductMissing(string name, string id) =>
        Problems.NotFound("id", $"product '{id}' does not exist in collection '{name}'.");
}

/// <summary>What the product endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record ProductServices(
    ClusterCatalog Catalog,
    ProductBuilder Builder,
    DataRoot DataRoot,
    IOptions<RequestLimits> Limits,
    IOptions<EncodingOptions> Encoding);
