using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Cluster;

/// <summary>
/// Encoding as the gateway and CLI see it: images and texts sent to the model's encoder grains (on GPU silos
/// when there are any) in chunks below the message limit, vectors back per space. Manifests are resolved
/// here first, so an unknown model fails before any grain is called.
/// </summary>
public sealed class ClusterEncoders(IGrainFactory grains, ManifestRegistry manifests, IOptions<EncodingOptions> options, IOptions<SearchOptions> search) : IContentEncoder
{
    private const int MaxItemsPerCall = 256;
    private int _nextReplica;

    public ModelManifest GetManifest(string model) => manifests.Resolve(model);

    /// <summary>The spaces a collection created with <paramref name="model"/> gets.</summary>
    public ImmutableArray<VectorSpace> SpacesOf(string model) => [.. GetManifest(model).Spaces.Select(s => new VectorSpace(s.Name, s.Dimension))];

    /// <summary>
    /// One outcome per image, in order. An image over the byte limit is refused here without being sent;
    /// one that cannot be decoded or has too many pixels or frames is refused by the encoder. Others go on.
    /// </summary>
    public Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, CancellationToken cancellationToken = default) =>
        EncodeImagesAsync(model, encodedImages, sceneText: null, cancellationToken);

    /// <summary>
    /// As above, with each image's OCR strings for a scene-text model (null = the encoder grain reads the photo). For a
    /// pixel-only model they are not sent.
    /// </summary>
    public async Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken = default)
    {
        var manifest = GetManifest(model);
        if (manifest.Image?.SceneText is null || sceneText?.All(s => s is null) == true) sceneText = null;
        if (sceneText is not null && sceneText.Count != encodedImages.Count)
        {
            throw new ArgumentException($"{sceneText.Count} scene-text lists were given for {encodedImages.Count} images.", nameof(sceneText));
        }
        if (manifest.Image is null) throw new InvalidManifestException($"model '{model}' has no image encoder.");
        var limit = options.Value.MaxImageBytes;
        var results = new EncodedImage?[encodedImages.Count];
        var accepted = new List<int>();
        for (var i = 0; i < encodedImages.Count; i++)
        {
            var length = encodedImages[i].Length;
            if (length == 0) results[i] = new EncodedImage(null, "the image is empty.");
            else if (length > limit) results[i] = new EncodedImage(null, $"the image has {length} bytes; at most {limit} are accepted.");
            else accepted.Add(i);
        }
        var chunks = WireChunker.Chunk(accepted, i => encodedImages[i].Length + 16 + TextBytes(sceneText?[i]), search.Value.MaxChunkBytes)
            .SelectMany(chunk => chunk.Chunk(MaxItemsPerCall));
        await Task.WhenAll(chunks.Select(async chunk =>
        {
            var grain = Grain(model);
            var batch = sceneText is null
                ? await grain.EncodeImages([.. chunk.Select(i => encodedImages[i])], cancellationToken)
                : await grain.EncodeImages([.. chunk.Select(i => encodedImages[i])], [.. chunk.Select(i => sceneText[i] is { } known ? SceneTextWire.ToWire(known) : (ImmutableArray<Contracts.SceneTextLine>?)null)], cancellationToken);
            for (var j = 0; j < chunk.Length; j++)
            {
                var item = batch.Items[j];
                results[chunk[j]] = new EncodedImage(item.Vector is null ? null : new SpaceVector(batch.Space, item.Vector), item.Error);
            }
        }));
        return results!;
    }

    /// <summary>One vector of the model's text space per text, in order.</summary>
    public async Task<IReadOnlyList<SpaceVector>> EncodeTextsAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var manifest = GetManifest(model);
        if (manifest.Text is null) throw new InvalidManifestException($"model '{model}' has no text encoder.");
        var results = new SpaceVector[texts.Count];
        var chunks = WireChunker.Chunk(Enumerable.Range(0, texts.Count).ToList(), i => texts[i].Length * 2 + 16, search.Value.MaxChunkBytes)
            .SelectMany(chunk => chunk.Chunk(MaxItemsPerCall));
        await Task.WhenAll(chunks.Select(async chunk =>
        {
            var batch = await Grain(model).EncodeTexts([.. chunk.Select(i => texts[i])], cancellationToken);
            for (var j = 0; j < chunk.Length; j++) results[chunk[j]] = new SpaceVector(batch.Space, batch.Items[j].Vector!);
        }));
        return results;
    }

    private static int TextBytes(IReadOnlyList<SceneTextString>? strings) => strings?.Sum(s => s.Text.Length * 2 + 24) ?? 0;

    private IEncoderGrain Grain(string model)
    {
        var replica = (int)((uint)Interlocked.Increment(ref _nextReplica) % (uint)options.Value.GrainsPerModel);
        return grains.GetGrain<IEncoderGrain>(EncoderKey.Format(model, replica));
    }
}
