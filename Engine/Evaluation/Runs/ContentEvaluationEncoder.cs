using System.Runtime.InteropServices;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// An evaluation run's encoder over a content encoder (in a cluster: the model's encoder grains, so a run's
/// encoding is spread over every encoder grain, on GPU silos when there are any, like live ingest).
/// Image files are read here, one batch at a time, so a run never holds more than a batch of images.
/// </summary>
public sealed class ContentEvaluationEncoder(IContentEncoder encoders, ModelManifest manifest, string model) : IEvaluationEncoder
{
    public string Model => model;

    public int? ImageDimension => manifest.Image is { } image ? manifest.FindSpace(image.Space)?.Dimension : null;

    public int? TextDimension => manifest.Text is { } text ? manifest.FindSpace(text.Space)?.Dimension : null;

    public bool Aligned => manifest.AlignedTextSearchesImage;

    public bool ReadsSceneText => manifest.Image?.SceneText is not null;

    public string ImageSpace => manifest.Image?.Space ?? "image";

    public string TextSpace => manifest.Text?.Space ?? "text";

    public async Task<IReadOnlyList<EncodeResult>> EncodeImagesAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
    {
        var results = new EncodeResult?[images.Count];
        var readable = new List<(int Index, byte[] Bytes)>();
        for (var i = 0; i < images.Count; i++)
        {
            try
            {
                readable.Add((i, await File.ReadAllBytesAsync(images[i].Path, cancellationToken)));
            }
            catch (IOException exception)
            {
                results[i] = EncodeResult.Failed($"the image could not be read: {exception.Message}");
            }
            catch (UnauthorizedAccessException exception)
            {
                results[i] = EncodeResult.Failed($"the image could not be read: {exception.Message}");
            }
        }
        // The dataset's OCR strings when the run has them (null lets the encoder read the photo, empty = no text).
        var encoded = await encoders.EncodeImagesAsync(model, [.. readable.Select(r => r.Bytes)], [.. readable.Select(r => images[r.Index].SceneText)], cancellationToken);
        for (var j = 0; j < readable.Count; j++)
        {
            results[readable[j].Index] = encoded[j].Vector is { } vector
                ? EncodeResult.Ok(MemoryMarshal.Cast<byte, float>(vector.Data).ToArray())
                : EncodeResult.Failed(encoded[j].Error ?? "the image was refused.");
        }
        return results!;
    }

    public async Task<IReadOnlyList<EncodeResult>> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var encoded = await encoders.EncodeTextsAsync(model, texts, cancellationToken);
        return [.. encoded.Select(v => EncodeResult.Ok(MemoryMarshal.Cast<byte, float>(v.Data).ToArray()))];
    }
}

/// <summary>Resolves a model (name or manifest path) for a run; an unknown or invalid model is refused at once.</summary>
public sealed class ContentEvaluationEncoderFactory(IContentEncoder encoders) : IEvaluationEncoderFactory
{
    public IEvaluationEncoder Create(string model)
    {
        try
        {
            return new ContentEvaluationEncoder(encoders, encoders.GetManifest(model), model);
        }
        catch (InvalidManifestException exception)
        {
            throw new ArgumentException(exception.Message, nameof(model), exception);
        }
    }
}
