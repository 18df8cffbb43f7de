using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Encoders;

/// <summary>
/// The models this process has loaded, by model reference (<c>default</c>, a configured name or a manifest
/// path). Encoder grains are thin adapters over it; sessions come from the process-wide cache. Scene-text models read
/// photos given without text through this process's OCR reader (the one the scene-text grain uses, sharing its cache).
/// </summary>
public sealed partial class EncoderHost(ManifestRegistry manifests, IOptions<EncodingOptions> options, TimeProvider time, ILogger<EncoderHost> logger,
    CachedSceneTextReader? sceneText = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ModelEncoder>> _models = new(StringComparer.Ordinal);

    /// <summary>The model references loaded in this host so far.</summary>
    public IReadOnlyList<string> LoadedModels => [.. _models.Where(p => p.Value.IsValueCreated).Select(p => p.Key)];

    public ModelEncoder Get(string model)
    {
        var lazy = _models.GetOrAdd(model, name => new Lazy<ModelEncoder>(() => Load(name)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _models.TryRemove(new KeyValuePair<string, Lazy<ModelEncoder>>(model, lazy));
            throw;
        }
    }

    public Task<ImageEncoding[]> EncodeImagesAsync(string model, IReadOnlyList<byte[]> images, CancellationToken cancellationToken = default) =>
        Get(model).EncodeImagesAsync(images, cancellationToken);

    /// <summary>As above, with each image's OCR strings for a scene-text model (null = read the photo here).</summary>
    public Task<ImageEncoding[]> EncodeImagesAsync(string model, IReadOnlyList<byte[]> images, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken = default) =>
        Get(model).EncodeImagesAsync(images, sceneText, cancellationToken);

    public Task<float[][]> EncodeTextsAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Get(model).EncodeTextsAsync(texts, cancellationToken);

    private ModelEncoder Load(string model)
    {
        var manifest = manifests.Resolve(model);
        var encoder = ModelEncoder.Load(manifest, options.Value, OnnxSessionCache.Shared, logger, time, sceneText);
        LogModelReady(model, encoder.Image?.Device.ToString() ?? "-", encoder.Image?.FixedBatch ?? 0, encoder.Text?.Device.ToString() ?? "-");
        return encoder;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _models.Values)
        {
            if (lazy.IsValueCreated) await lazy.Value.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encoder model '{Model}' ready: image on {ImageDevice} (fixed batch {FixedBatch}, 0 = any), text on {TextDevice}")]
    private partial void LogModelReady(string model, string imageDevice, int fixedBatch, string textDevice);
}
