using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>What ingestion needs of a model: its manifest and batch encoding (the cluster's encoder grains in production).</summary>
public interface IContentEncoder
{
    ModelManifest GetManifest(string model);

    Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SpaceVector>> EncodeTextsAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
