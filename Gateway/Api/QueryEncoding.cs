using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// A query's text and photo as vectors of the collection's model: the photo in the image space, the text
/// in the text space and, for an aligned model (<c>alignedTextSearchesImage</c>) without a photo, in the
/// image space as well. A scene-text model gets the photo's text when the caller already read it (else its encoder
/// reads the photo).
/// </summary>
public static class QueryEncoding
{
    public static async Task<(IReadOnlyList<SpaceVector> Vectors, FieldError? Error)> EncodeAsync(
        CollectionSpec spec, ClusterEncoders encoders, string? text, byte[]? photo, IReadOnlyList<SceneTextString>? photoText, CancellationToken cancellationToken)
    {
        if (text is not null && (string.IsNullOrWhiteSpace(text) || text.Length > RequestLimits.MaxTextLength))
        {
            return ([], new FieldError("text", $"must be 1 to {RequestLimits.MaxTextLength} characters."));
        }
        if (text is null && photo is null) return ([], null);
        if (spec.Model is not { } model)
        {
            var field = text is not null ? "text" : "image";
            return ([], new FieldError(field, $"collection '{spec.Name}' has no model, so a {(text is not null ? "text" : "photo")} query cannot be encoded; search it with 'vectors', or create the collection with \"model\": \"default\"."));
        }
        var manifest = encoders.GetManifest(model);
        if (text is not null && manifest.Text is null) return ([], new FieldError("text", $"model '{model}' has no text encoder."));
        if (photo is not null && manifest.Image is null) return ([], new FieldError("image", $"model '{model}' has no image encoder."));

        var imageTask = photo is not null ? encoders.EncodeImagesAsync(model, [photo], photoText is null ? null : [photoText], cancellationToken) : null;
        var textTask = text is not null ? encoders.EncodeTextsAsync(model, [text], cancellationToken) : null;
        var vectors = new List<SpaceVector>();
        if (imageTask is not null) vectors.Add((await imageTask)[0].Require("image"));
        if (textTask is not null)
        {
            var textVector = (await textTask)[0];
            vectors.Add(textVector);
            if (manifest.AlignedTextSearchesImage && photo is null && manifest.Image is { } image && image.Space != textVector.Space
                && manifest.FindSpace(image.Space)?.Dimension == textVector.Dimension)
            {
                vectors.Add(textVector with { Space = image.Space });
            }
        }
        foreach (var vector in vectors)
        {
            if (spec.FindSpace(vector.Space) is not { } space || space.Dimension != vector.Dimension)
            {
                return ([], new FieldError(vector.Space == manifest.Text?.Space ? "text" : "image", $"model '{model}' produced a {vector.Dimension}-d '{vector.Space}' vector, which collection '{spec.Name}' does not hold."));
            }
        }
        return (vectors, null);
    }
}
