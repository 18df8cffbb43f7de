using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using UmsOrleans.Cluster;
using UmsOrleans.Contracts;

namespace UmsOrleans.Gateway.Api;

public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections/{name}/products").WithTags("Products");
        group.MapPost("/", UpsertProducts).WithName("UpsertProducts").Accepts<UpsertProductsRequest>("application/json")
            .Produces<UpsertProductsResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(507);
        group.MapGet("/{id}", GetProduct).WithName("GetProduct").Produces<ProductResponse>().ProducesProblem(404);
        group.MapDelete("/{id}", DeleteProduct).WithName("DeleteProduct").ProducesProblem(404);
        return group;
    }

    /// <summary>
    /// Validates every item on its own: invalid items are rejected by themselves and nothing of them is written;
    /// the valid ones are committed. 200 unless every item was rejected (400) or a valid one failed to commit (503).
    /// </summary>
    public static async Task<IResult> UpsertProducts(string name, HttpRequest request, ClusterCatalog catalog, IOptions<RequestLimits> limits, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<UpsertProductsRequest>(request, limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        if (body?.Products is not { Count: > 0 } inputs) return Problems.BadRequest(new FieldError("products", "must list at least one product."));
        if (inputs.Count > limits.Value.MaxBatchProducts)
        {
            return Problems.TooLarge("products", $"{inputs.Count} products in one batch; the limit is {limits.Value.MaxBatchProducts}. Split the batch.");
        }
        var spec = await catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);

        var statuses = new ItemStatus[inputs.Count];
        var valid = new List<(int Index, ProductRecord Product)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (product, error) = Validation.ToProduct(spec, inputs[i], $"products[{i}]");
            if (error is not null) statuses[i] = new ItemStatus(inputs[i]?.Id, "rejected", error);
            else valid.Add((i, product!));
        }
        if (valid.Count == 0)
        {
            var first = statuses.First(s => s.Error is not null).Error!;
            return Problems.Field(StatusCodes.Status400BadRequest, "Every product in the batch was rejected.", first,
                new Dictionary<string, object?> { ["errors"] = statuses.Select(s => s.Error).ToArray() });
        }
        IReadOnlyList<ItemWriteResult> written;
        try
        {
            written = await catalog.UpsertAsync(spec, valid.Select(v => v.Product).ToList());
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
                : new ItemStatus(result.Id, "failed", new FieldError($"products[{valid[j].Index}]", result.Error ?? "not committed"));
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

    public static async Task<IResult> GetProduct(string name, string id, ClusterCatalog catalog)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        if (Validation.CheckId(id, "id") is { } idError) return Problems.BadRequest(idError);
        var spec = await catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        var product = await catalog.GetProductAsync(spec, id);
        return product is null
            ? Problems.NotFound("id", $"product '{id}' does not exist in collection '{name}'.")
            : TypedResults.Ok(new ProductResponse(
                product.Id,
                product.Title,
                product.Category,
                product.Attributes,
                product.Vectors.ToDictionary(v => v.Space, v => MemoryMarshal.Cast<byte, float>(v.Data).ToArray())));
    }

    public static async Task<IResult> DeleteProduct(string name, string id, ClusterCatalog catalog)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        if (Validation.CheckId(id, "id") is { } idError) return Problems.BadRequest(idError);
        var spec = await catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        return await catalog.DeleteProductAsync(spec, id)
            ? TypedResults.NoContent()
            : Problems.NotFound("id", $"product '{id}' does not exist in collection '{name}'.");
    }
}
