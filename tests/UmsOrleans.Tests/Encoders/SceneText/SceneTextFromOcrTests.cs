using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Tests.Ocr;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Encoders.SceneText.ScenePhotos;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>
/// A scene-text model reading photos through the process's real OCR reader: lines already read for a photo's content
/// are taken from the cache (no engine needed), and a photo not seen before is read by PP-OCRv4 with its boxes.
/// </summary>
public sealed class SceneTextFromOcrTests : IDisposable
{
    private readonly EchoSceneTextModel _model = EchoSceneTextModel.Create();
    private readonly ListLogger _log = new();
    private readonly SceneTextCache _cache = new();

    [Fact]
    public async Task Lines_cached_for_a_photo_s_content_are_used_without_running_the_engine()
    {
        SceneTextString[] cached = [new("oat milk", 20, 40, 300, 90)];
        _cache.Add(Tall.Key, [.. cached]);
        // The engine's models point nowhere: had it been asked, the asparagus photo would read as no text, or OCR as off.
        var reader = new CachedSceneTextReader(Provider(new OcrOptions { ModelsDirectory = Path.Combine(_model.Directory, "no-ocr-models") }), _cache);
        await using var encoder = _model.Load(_log, reader);

        var encoded = await encoder.EncodeImagesAsync([Tall.Bytes]);

        Assert.Equal(SceneTextInput.Create(_model.Tokenizer(), cached, Tall.Width, Tall.Height).Boxes, EchoSceneTextModel.Echoed(encoded[0].Vector!).Boxes);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [NpmFact]
    public async Task A_photo_given_without_strings_is_read_by_the_OCR_engine_with_its_boxes()
    {
        var reader = new CachedSceneTextReader(Provider(new OcrOptions { UnclipRatio = OcrOptions.SceneTextUnclipRatio }), _cache);
        await using var encoder = _model.Load(_log, reader);
        var carton = await File.ReadAllBytesAsync(Path.Combine(TestPaths.GroceryDataset, "images/iconic/Packages/Juice/Tropicana-Apple-Juice/Tropicana-Apple-Juice_Iconic.jpg"));

        var encoded = await encoder.EncodeImagesAsync([carton]);

        Assert.True(_cache.TryGet(SceneTextCache.KeyOf(carton), out var lines));
        Assert.Contains(lines, line => line.Text.Contains("tropicana", StringComparison.OrdinalIgnoreCase));
        var photo = new ImageDecoding(new EncodingOptions().ImageLimits).Decode(carton);
        var echoed = EchoSceneTextModel.Echoed(encoded[0].Vector!);
        Assert.Equal(SceneTextInput.Create(_model.Tokenizer(), lines, photo.Width, photo.Height).Boxes, echoed.Boxes);
        Assert.True(echoed.Mask.Sum() > 2, "the text read should give more than [CLS] [SEP]");
    }

    private static OcrEngineProvider Provider(OcrOptions options) =>
        new(Options.Create(options), new EncodingOptions().ImageLimits, NullLogger<OcrEngineProvider>.Instance);

    public void Dispose() => _model.Dispose();
}
