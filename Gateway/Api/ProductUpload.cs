using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// The products of an upsert request: a JSON batch, or one product from a multipart/form-data body whose
/// photo may be a file part (errors then name the form fields, without a <c>products[i]</c> prefix).
/// </summary>
public sealed class ProductUpload
{
    private readonly IFormCollection? _form;

    private ProductUpload(IReadOnlyList<ProductInput?> products, IFormCollection? form)
    {
        Products = products;
        _form = form;
    }

    public IReadOnlyList<ProductInput?> Products { get; }

    /// <summary>The products, or the problem to answer: an unreadable body (400), too many products or bytes (413).</summary>
    public static async Task<(ProductUpload? Upload, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, RequestLimits limits, CancellationToken cancellationToken)
    {
        ProductUpload upload;
        if (request.HasFormContentType)
        {
            var (form, formError) = await FormBody.ReadAsync(request, limits.MaxRequestBytes, cancellationToken);
            if (formError is not null) return (null, formError);
            var (input, inputError) = ReadFormProduct(form!);
            if (inputError is not null) return (null, Problems.BadRequest(inputError));
            upload = new ProductUpload([input], form);
        }
        else
        {
            var (body, bodyError) = await JsonBody.ReadAsync<UpsertProductsRequest>(request, limits.MaxRequestBytes, cancellationToken);
            if (bodyError is not null) return (null, bodyError);
            if (body?.Products is not { Count: > 0 } list) return (null, Problems.BadRequest(new FieldError("products", "must list at least one product.")));
            upload = new ProductUpload(list, form: null);
        }
        if (upload.Products.Count > limits.MaxBatchProducts)
        {
            return (null, Problems.TooLarge("products", $"{upload.Products.Count} products in one batch; the limit is {limits.MaxBatchProducts}. Split the batch."));
        }
        return (upload, null);
    }

    /// <summary>Product <paramref name="index"/> validated, with its photos read, or the error that rejects it.</summary>
    public async Task<(ProductDraft? Draft, FieldError? Error)> ToDraftAsync(
        CollectionSpec spec, int index, DataRoot dataRoot, int maxImageBytes, int maxPhotos, CancellationToken cancellationToken)
    {
        var input = Products[index];
        var prefix = _form is null ? $"products[{index}]" : "";
        var (product, error) = Validation.ToProduct(spec, input, prefix, maxPhotos);
        if (error is not null) return (null, error);
        var files = _form?.Files.GetFiles("image") ?? [];
        var (photos, photoError) = await PhotoSources.ReadAsync(
            input!.Image, input.Images, input.ImagePath, input.ImagePaths, files, prefix, dataRoot, maxImageBytes, maxPhotos, cancellationToken);
        if (photoError is not null) return (null, photoError);
        if (photos.Count > 0 && spec.Model is null)
        {
            return (null, new FieldError(Validation.Join(prefix, photos[0].Field), $"collection '{spec.Name}' has no model to encode photos; give 'vectors', or create the collection with \"model\"."));
        }
        return (new ProductDraft(product!.Id, product.Title, product.Category, input.Description, product.Attributes, product.Vectors, [.. photos], prefix), null);
    }

    /// <summary>
    /// One product from a form: text fields <c>id</c>, <c>title</c>, <c>category</c>, <c>description</c>,
    /// <c>attributes</c> (a JSON object), <c>vectors</c> (a JSON object of number arrays), and the photos as file
    /// parts named <c>image</c> (or a text field <c>imagePath</c>).
    /// </summary>
    private static (ProductInput? Input, FieldError? Error) ReadFormProduct(IFormCollection form)
    {
        var (attributes, attributesError) = FormBody.Json<Dictionary<string, JsonElement>>(form, "attributes");
        if (attributesError is not null) return (null, attributesError);
        var (vectors, vectorsError) = FormBody.Json<Dictionary<string, JsonElement>>(form, "vectors");
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
}
