using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Encoders.Batching;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Engine.Encoders;

/// <summary>One image's outcome: its vector, or why the image was refused.</summary>
public readonly record struct ImageEncoding(float[]? Vector, string? Error);

/// <summary>
/// A model ready to encode in this process: decoding and preprocessing per image on the thread pool, then
/// concurrent requests gathered into micro-batches for the image and text sessions. A scene-text model's images
/// carry the text read from them through the batches; text not given is read here (<see cref="ISceneTextReader"/>).
/// </summary>
public sealed class ModelEncoder : IAsyncDisposable
{
    private readonly ImageDecoding _decoding;
    private readonly MicroBatcher<ImageBatchItem, float[]>? _imageBatcher;
    private readonly MicroBatcher<string, float[]>? _textBatcher;
    private readonly SceneTextResolver _sceneText;

    private ModelEncoder(ModelManifest manifest, ImageEncoder? image, TextEncoder? text, EncodingOptions options, TimeProvider time, SceneTextResolver sceneText)
    {
        _sceneText = sceneText;
        Manifest = manifest;
        Image = image;
        Text = text;
        _decoding = new ImageDecoding(options.ImageLimits);
        var batching = new MicroBatchOptions(options.MaxBatchSize, options.MaxBatchWait, options.ConcurrentBatches);
        if (image is not null)
        {
            _imageBatcher = new MicroBatcher<ImageBatchItem, float[]>((tensors, _) => Task.FromResult<IReadOnlyList<float[]>>(image.Encode(tensors)), batching, time);
        }
        if (text is not null)
        {
            _textBatcher = new MicroBatcher<string, float[]>((texts, _) => Task.FromResult<IReadOnlyList<float[]>>(text.Encode(texts)), batching, time);
        }
    }

    public ModelManifest Manifest { get; }

    public ImageEncoder? Image { get; }

    public TextEncoder? Text { get; }

    /// <param name="sceneText">Reads the text in photos for a scene-text model when the caller gives none; null = no OCR here.</param>
    public static ModelEncoder Load(ModelManifest manifest, EncodingOptions options, OnnxSessionCache sessions, ILogger logger, TimeProvider time, ISceneTextReader? sceneText = null)
    {
        var device = ExecutionDevice.Parse(options.Device);
        LoadedSession Session(string reference) => sessions.GetOrCreate(ModelFile.Resolve(manifest, reference), device, options.IntraOpThreads, logger);

        ImageEncoder? image = null;
        if (manifest.Image is { } imageSpec)
        {
            var preprocess = imageSpec.Preprocessing.Onnx is { } pre ? Session(pre) : null;
            BertTextTokenizer? ocrTokenizer = null;
            if (imageSpec.SceneText is { } ocr)
            {
                using var ocrVocabulary = ModelFile.Resolve(manifest, ocr.Vocab).OpenRead();
                ocrTokenizer = new BertTextTokenizer(ocrVocabulary, ocr.LowerCase, ocr.MaxLength);
            }
            image = new ImageEncoder(imageSpec, manifest.FindSpace(imageSpec.Space)!.Dimension, Session(imageSpec.Onnx), preprocess, ocrTokenizer);
        }
        TextEncoder? text = null;
        if (manifest.Text is { } textSpec)
        {
            using var vocabulary = ModelFile.Resolve(manifest, textSpec.Vocab).OpenRead();
            var tokenizer = new BertTextTokenizer(vocabulary, textSpec.LowerCase, textSpec.MaxLength);
            text = new TextEncoder(textSpec, manifest.FindSpace(textSpec.Space)!.Dimension, Session(textSpec.Onnx), tokenizer);
        }
        return new ModelEncoder(manifest, image, text, options, time, new SceneTextResolver(sceneText, manifest.Name, logger));
    }

    /// <summary>One outcome per image, in order; a refused image does not fail the others.</summary>
    public Task<ImageEncoding[]> EncodeImagesAsync(IReadOnlyList<byte[]> images, CancellationToken cancellationToken) =>
        EncodeImagesAsync(images, sceneText: null, cancellationToken);

    /// <summary>
    /// As above, with the OCR strings of each image for a scene-text model: null (the list or an item) = read the
    /// photo here, empty = no text. Pixel-only models ignore them.
    /// </summary>
    public async Task<ImageEncoding[]> EncodeImagesAsync(IReadOnlyList<byte[]> images, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText = null, CancellationToken cancellationToken = default)
    {
        if (Image is null || _imageBatcher is null) throw new NotSupportedException($"model '{Manifest.Name}' has no image encoder.");
        var encoder = Image;
        var strings = encoder.SceneTextTokenizer is null ? null : _sceneText.ResolveAsync(images, sceneText, cancellationToken);
        var tasks = images.Select(async (bytes, i) =>
        {
            (float[] Tensor, int Width, int Height) prepared;
            try
            {
                prepared = await Task.Run(() => Preprocess(encoder, bytes), cancellationToken);
            }
            catch (InvalidImageException refused)
            {
                return new ImageEncoding(null, refused.Message);
            }
            // The photo's size before resizing normalises the boxes (§7.4).
            var ocr = strings is null ? null : SceneTextInput.Create(encoder.SceneTextTokenizer!, (await strings)[i], prepared.Width, prepared.Height);
            return new ImageEncoding(await _imageBatcher.SubmitAsync(new ImageBatchItem(prepared.Tensor, ocr), cancellationToken), null);
        });
        return await Task.WhenAll(tasks);
    }

    public async Task<float[][]> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (_textBatcher is null) throw new NotSupportedException($"model '{Manifest.Name}' has no text encoder.");
        return await Task.WhenAll(texts.Select(text => _textBatcher.SubmitAsync(text, cancellationToken)));
    }

    private (float[] Tensor, int Width, int Height) Preprocess(ImageEncoder encoder, byte[] bytes)
    {
        var image = _decoding.Decode(bytes);
        var tensor = new float[encoder.Preprocessor.TensorLength];
        encoder.Preprocessor.Write(image, tensor);
        return (tensor, image.Width, image.Height);
    }

    public async ValueTask DisposeAsync()
    {
        if (_imageBatcher is not null) await _imageBatcher.DisposeAsync();
        if (_textBatcher is not null) await _textBatcher.DisposeAsync();
    }
}
