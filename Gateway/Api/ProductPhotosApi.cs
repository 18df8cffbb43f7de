using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Gateway.Api;

/// <summary>Adding and removing one product's photos without resending the product (a write to its shard, durable like every write).</summary>
public static class ProductPhotosApi
{
    /// <summary>
    /// Encodes the photos given (JSON <c>image</c>/<c>images</c>/<c>imagePath</c>/<c>imagePaths</c>, or multipart file parts
    /// named <c>image</c>) and appends them to the product's photos; answers the photo count.
    /// </summary>
    public static async Task<Results<Ok<PhotosResponse>, ProblemHttpResult>> AddPhotos(
        string name, string id, HttpRequest request, [AsParameters] ProductServices services, CancellationToken cancellationToken)
    {
        var (spec, problem) = await ProductsApi.FindCollectionAsync(name, id, services.Catalog);
        if (problem is not null) return problem;
        var limits = services.Limits.Value;
        var maxImageBytes = services.Encoding.Value.MaxImageBytes;
        AddPhotosRequest body;
        IReadOnlyList<IFormFile> files = [];
        if (request.HasFormContentType)
        {
            var (form, formError) = await FormBody.ReadAsync(request, limits.MaxRequestBytes, cancellationToken);
            if (formError is not null) return formError;
            body = new AddPhotosRequest(ImagePath: FormBody.Text(form!, "imagePath"));
            files = form!.Files.GetFiles("image");
        }
        else
        {
            var (json, jsonError) = await JsonBody.ReadAsync<AddPhotosRequest>(request, limits.MaxRequestBytes, cancellationToken);
            if (jsonError is not null) return jsonError;
            body = json ?? new AddPhotosRequest();
        }
        var (photos, photoError) = await PhotoSources.ReadAsync(
            body.Image, body.Images, body.ImagePath, body.ImagePaths, files, "", services.DataRoot, maxImageBytes, limits.MaxPhotosPerProduct, cancellationToken);
        if (photoError is not null) return Problems.BadRequest(photoError);
        if (photos.Count == 0) return Problems.BadRequest(new FieldError("images", "give at least one photo: 'image', 'images', 'imagePath', 'imagePaths' or a file part 'image'."));
        if (spec!.Model is null) return Problems.BadRequest(new FieldError(photos[0].Field, $"collection '{spec.Name}' has no model to encode photos; upsert the product with 'vectors' instead."));
        var (vectors, thumbnails, sceneText, encodeError) = await services.Builder.EncodePhotosAsync(spec, photos, cancellationToken);
        if (encodeError is not null) return Problems.BadRequest(new FieldError(encodeError.Field, encodeError.Message));
        try
        {
            var count = await services.Catalog.AddPhotosAsync(spec, id, vectors, thumbnails, sceneText, limits.MaxPhotosPerProduct, cancellationToken);
            return count is { } photosNow ? TypedResults.Ok(new PhotosResponse(id, photosNow)) : ProductsApi.ProductMissing(name, id);
        }
        catch (ArgumentException exception)
        {
            return Problems.BadRequest(new FieldError("images", $"{exception.Message} (setting {RequestLimits.Section}:MaxPhotosPerProduct)"));
        }
        catch (MemoryBudgetExceededException exception)
        {
            return ProductsApi.ShardOverBudget(spec, id, exception);
        }
    }

    /// <summary>Removes photo <paramref name="photo"/> (its vector and thumbnail); later photos move down by one.</summary>
    public static async Task<Results<Ok<PhotosResponse>, ProblemHttpResult>> RemovePhoto(
        string name, string id, int photo, [AsParameters] ProductServices services, CancellationToken cancellationToken)
    {
        var (spec, problem) = await ProductsApi.FindCollectionAsync(name, id, services.Catalog);
        if (problem is not null) return problem;
        try
        {
            return await services.Catalog.RemovePhotoAsync(spec!, id, photo, cancellationToken) switch
            {
                null => ProductsApi.ProductMissing(name, id),
                < 0 => Problems.NotFound("photo", $"product '{id}' has no photo {photo}."),
                var count => TypedResults.Ok(new PhotosResponse(id, count.Value)),
            };
        }
        catch (MemoryBudgetExceededException exception)
        {
            return ProductsApi.ShardOverBudget(spec!, id, exception);
        }
    }
}
