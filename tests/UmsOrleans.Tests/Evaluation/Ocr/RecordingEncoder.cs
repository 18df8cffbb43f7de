using System.Collections.Concurrent;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Tests.Evaluation.Ocr;

/// <summary>The pixel stand-in model, saying whether it reads scene text, recording every image input and text it is given.</summary>
internal sealed class RecordingEncoder(bool readsSceneText, bool aligned) : IEvaluationEncoder
{
    private readonly PixelProjectionEncoder _inner = new(withText: true);
    private readonly ConcurrentQueue<ImageInput> _images = new();
    private readonly ConcurrentQueue<string> _texts = new();

    public IReadOnlyCollection<ImageInput> Images => _images;

    public IReadOnlyCollection<string> Texts => _texts;

    public string Model => _inner.Model;

    public int? ImageDimension => _inner.ImageDimension;

    public int? TextDimension => _inner.TextDimension;

    public bool Aligned => aligned;

    public bool ReadsSceneText => readsSceneText;

    public Task<IReadOnlyList<EncodeResult>> EncodeImagesAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
    {
        foreach (var image in images) _images.Enqueue(image);
        return _inner.EncodeImagesAsync(images, cancellationToken);
    }

    public Task<IReadOnlyList<EncodeResult>> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        foreach (var text in texts) _texts.Enqueue(text);
        return _inner.EncodeTextsAsync(texts, cancellationToken);
    }
}
