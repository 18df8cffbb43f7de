using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>What ingestion needs of a model: its manifest and batch encoding (the cluster's encoder grains in production).</summary>
public interface IContentEncoder
{
    ModelManifest GetManifest(string model);

    Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, CancellationToken cancellationToken = default) =>
        EncodeImagesAsync(model, encodedImages, sceneText: null, cancellationToken);

    /// <summary>
    /// As above, with the OCR strings of each image for a scene-text model: null (the list or an item) = the encoder
    /// reads the photo itself, empty = no text. Pixel-only models ignore them.
    /// </summary>
    Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SpaceVector>> EncodeTextsAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
