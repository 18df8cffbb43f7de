using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// A request's photos, in order: <c>image</c>, <c>images[i]</c> (base64), <c>imagePath</c>, <c>imagePaths[i]</c>
/// (files under the data root), then multipart file parts named <c>image</c>. Each is size-checked before it is
/// read; errors name the field under <c>prefix</c> (<c>products[2].images[1]</c>), the photos their field within the product.
/// </summary>
public static class PhotoSources
{
    public static async Task<(IReadOnlyList<DraftPhoto> Photos, FieldError? Error)> ReadAsync(
        string? image, IReadOnlyList<string?>? images, string? imagePath, IReadOnlyList<string?>? imagePaths, IReadOnlyList<IFormFile> files,
        string prefix, DataRoot dataRoot, int maxImageBytes, int maxPhotos, CancellationToken cancellationToken)
    {
        var count = (image is null ? 0 : 1) + (images?.Count ?? 0) + (imagePath is null ? 0 : 1) + (imagePaths?.Count ?? 0) + files.Count;
        if (count > maxPhotos)
        {
            return ([], new FieldError(Validation.Join(prefix, images is { Count: > 0 } ? "images" : imagePaths is { Count: > 0 } ? "imagePaths" : "image"),
                $"{count} photos given; at most {maxPhotos} per product are accepted (setting {RequestLimits.Section}:MaxPhotosPerProduct)."));
        }
        var photos = new List<DraftPhoto>(count);
        var base64 = (image is null ? [] : new (string, string?)[] { ("image", image) })
            .Concat((images ?? []).Select((text, i) => ($"images[{i}]", text)));
        foreach (var (name, text) in base64)
        {
            var field = Validation.Join(prefix, name);
            if (text is null) return ([], new FieldError(field, "must be a base64 image."));
            var (bytes, error) = PhotoInput.FromBase64(text, field, maxImageBytes);
            if (error is not null) return ([], error);
            photos.Add(new DraftPhoto(bytes!, name));
        }
        var paths = (imagePath is null ? [] : new (string, string?)[] { ("imagePath", imagePath) })
            .Concat((imagePaths ?? []).Select((path, i) => ($"imagePaths[{i}]", path)));
        foreach (var (name, path) in paths)
        {
            var field = Validation.Join(prefix, name);
            if (path is null) return ([], new FieldError(field, "must be a path under the data root."));
            var (bytes, error) = await PhotoInput.FromPathAsync(dataRoot, path, field, maxImageBytes, cancellationToken);
            if (error is not null) return ([], error);
            photos.Add(new DraftPhoto(bytes!, name));
        }
        for (var i = 0; i < files.Count; i++)
        {
            var field = files.Count == 1 ? "image" : $"image[{i}]";
            var (bytes, error) = await PhotoInput.FromFormFileAsync(files[i], field, maxImageBytes, cancellationToken);
            if (error is not null) return ([], error);
            photos.Add(new DraftPhoto(bytes!, field));
        }
        return (photos, null);
    }
}
