using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Tests.Content;

/// <summary>The real default model in this process, without a cluster: what the encoder grains run, called directly.</summary>
public sealed class LocalContentEncoder(ModelEncoder model) : IContentEncoder
{
    public ModelManifest GetManifest(string reference) => model.Manifest;

    public async Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string reference, IReadOnlyList<byte[]> encodedImages, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken = default)
    {
        var space = model.Manifest.Image!.Space;
        var encoded = await model.EncodeImagesAsync(encodedImages, sceneText, cancellationToken);
        return encoded.Select(e => new EncodedImage(e.Vector is null ? null : SpaceVector.FromFloats(space, e.Vector), e.Error)).ToList();
    }

    public async Task<IReadOnlyList<SpaceVector>> EncodeTextsAsync(string reference, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var space = model.Manifest.Text!.Space;
        return (await model.EncodeTextsAsync(texts, cancellationToken)).Select(v => SpaceVector.FromFloats(space, v)).ToList();
    }
}
