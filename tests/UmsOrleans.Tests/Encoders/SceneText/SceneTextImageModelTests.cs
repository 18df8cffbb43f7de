using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using static UmsOrleans.Tests.Encoders.SceneText.ScenePhotos;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>
/// A scene-text image model (spec §7.4) gets, beside each photo's pixels, the ids, mask and boxes of the text on that
/// photo: given by the caller, read by this process's OCR reader when not given, or the no-text input without OCR.
/// </summary>
public sealed class SceneTextImageModelTests : IDisposable
{
    private static readonly SceneTextString[] MilkCarton = [new("Fresh milk", 12, 30, 200, 72), new("250ml", 40, 380, 150, 430)];
    private static readonly SceneTextString[] Yoghurt = [new("organic yoghurt", 300, 10, 460, 60)];

    private readonly EchoSceneTextModel _model = EchoSceneTextModel.Create();
    private readonly ListLogger _log = new();

    [Fact]
    public async Task The_graph_gets_the_pixels_and_the_ids_mask_and_boxes_of_the_given_strings_over_the_photo_s_own_size()
    {
        await using var encoder = _model.Load(_log);

        var encoded = await encoder.EncodeImagesAsync([Tall.Bytes], [MilkCarton]);

        var echoed = EchoSceneTextModel.Echoed(encoded[0].Vector!);
        var expected = SceneTextInput.Create(_model.Tokenizer(), MilkCarton, Tall.Width, Tall.Height);
        Assert.Equal(expected.Tokens.Ids, echoed.Ids);
        Assert.Equal(expected.Tokens.Mask, echoed.Mask);
        Assert.Equal(expected.Boxes, echoed.Boxes);
        Assert.Equal(430f / 464f, echoed.Boxes[3 * 4 + 3]); // [CLS] fresh milk 250 ##ml: the bottom of "250ml" over the photo's height
        Assert.Equal(PixelMean(encoder, Tall.Bytes), echoed.PixelMean, 4);
    }

    [Fact]
    public async Task Images_batched_together_keep_their_own_text()
    {
        await using var encoder = _model.Load(_log);
        var tokenizer = _model.Tokenizer();
        var photos = new[] { Tall, Wide, Square, Wide };
        IReadOnlyList<SceneTextString>[] texts = [MilkCarton, Yoghurt, [], MilkCarton];

        var encoded = await encoder.EncodeImagesAsync([.. photos.Select(p => p.Bytes)], texts);

        for (var i = 0; i < photos.Length; i++)
        {
            var echoed = EchoSceneTextModel.Echoed(encoded[i].Vector!);
            var expected = SceneTextInput.Create(tokenizer, texts[i], photos[i].Width, photos[i].Height);
            Assert.Equal(expected.Tokens.Ids, echoed.Ids);
            Assert.Equal(expected.Boxes, echoed.Boxes);
            Assert.Equal(PixelMean(encoder, photos[i].Bytes), echoed.PixelMean, 4);
        }
        Assert.NotEqual(EchoSceneTextModel.Echoed(encoded[0].Vector!).Boxes, EchoSceneTextModel.Echoed(encoded[3].Vector!).Boxes);
    }

    [Fact]
    public async Task Photos_given_without_strings_are_read_by_the_process_s_reader_once_each()
    {
        var reader = new RecordingSceneTextReader(new Dictionary<string, ImmutableArray<SceneTextString>>
        {
            [Tall.Key] = [.. MilkCarton],
            [Square.Key] = [.. Yoghurt],
        });
        await using var encoder = _model.Load(_log, reader);
        var tokenizer = _model.Tokenizer();

        var encoded = await encoder.EncodeImagesAsync([Tall.Bytes, Wide.Bytes, Square.Bytes], [null, [], null]);

        Assert.Equal(new[] { Tall.Key, Square.Key }.Order(StringComparer.Ordinal), reader.Read.Order(StringComparer.Ordinal));
        Assert.Equal(SceneTextInput.Create(tokenizer, MilkCarton, Tall.Width, Tall.Height).Tokens.Ids, EchoSceneTextModel.Echoed(encoded[0].Vector!).Ids);
        Assert.Equal(SceneTextInput.Create(tokenizer, [], Wide.Width, Wide.Height).Tokens.Ids, EchoSceneTextModel.Echoed(encoded[1].Vector!).Ids);
        Assert.Equal(SceneTextInput.Create(tokenizer, Yoghurt, Square.Width, Square.Height).Boxes, EchoSceneTextModel.Echoed(encoded[2].Vector!).Boxes);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Without_OCR_photos_get_the_no_text_input_and_the_log_says_so_once()
    {
        var reader = new RecordingSceneTextReader(unavailable: "npm was not found and Ums:Ocr:ModelsDirectory is not set.");
        await using var encoder = _model.Load(_log, reader);

        var first = await encoder.EncodeImagesAsync([Tall.Bytes, Wide.Bytes]);
        var second = await encoder.EncodeImagesAsync([Square.Bytes]);

        foreach (var vector in first.Concat(second).Select(e => e.Vector!))
        {
            var echoed = EchoSceneTextModel.Echoed(vector);
            Assert.Equal(new long[] { 2, 3 }, echoed.Ids[..2]); // [CLS] [SEP]
            Assert.All(echoed.Ids[2..], id => Assert.Equal(0, id));
            Assert.Equal(new long[] { 1, 1, 0 }, echoed.Mask[..3]);
            Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0 }, echoed.Boxes[..12]);
        }
        var warning = Assert.Single(_log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("Scene text is off for model 'echo-scene-text'", warning.Message);
        Assert.Contains("npm was not found", warning.Message);
    }

    [Fact]
    public void A_manifest_naming_scene_text_inputs_the_graph_lacks_is_refused_naming_them()
    {
        using var model = EchoSceneTextModel.Create(spec => spec with { AttentionMask = "ocr_attention", Boxes = "ocr_bbox" });

        var refused = Assert.Throws<InvalidManifestException>(() => model.Load(_log));

        Assert.Contains("no scene-text inputs 'ocr_attention', 'ocr_bbox'", refused.Message);
    }

    private static float PixelMean(ModelEncoder encoder, byte[] photo)
    {
        var image = new Engine.Encoders.Images.ImageDecoding(new EncodingOptions().ImageLimits).Decode(photo);
        var tensor = new float[encoder.Image!.Preprocessor.TensorLength];
        encoder.Image.Preprocessor.Write(image, tensor);
        return (float)tensor.Average(v => (double)v);
    }

    public void Dispose() => _model.Dispose();
}
