using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Content;
using static UmsOrleans.Tests.Encoders.SceneText.ScenePhotos;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>
/// Where a scene-text model's OCR strings come from outside the encoder: an evaluation's dataset strings, and at ingest
/// the reading a collection that stores scene text already does (a photo is read once, not again by the encoder).
/// </summary>
public sealed class SceneTextReadingReuseTests : IDisposable
{
    private static readonly SceneTextString[] MilkCarton = [new("Fresh milk", 12, 30, 200, 72), new("250ml", 40, 380, 150, 430)];
    private static readonly SceneTextString[] Yoghurt = [new("organic yoghurt", 300, 10, 460, 60)];

    private readonly EchoSceneTextModel _model = EchoSceneTextModel.Create();
    private readonly ListLogger _log = new();
    private readonly RecordingSceneTextReader _reader = new(new Dictionary<string, ImmutableArray<SceneTextString>>
    {
        [Tall.Key] = [.. MilkCarton],
        [Wide.Key] = [.. Yoghurt],
        [Square.Key] = [.. Yoghurt],
    });

    [Fact]
    public async Task An_evaluation_s_strings_reach_the_model_and_only_images_without_them_are_read()
    {
        await using var encoder = _model.Load(_log, _reader);
        var evaluation = new ContentEvaluationEncoder(new LocalContentEncoder(encoder), _model.Manifest, "echo");

        var results = await evaluation.EncodeImagesAsync([
            new ImageInput(Tall.Path, SceneText: MilkCarton),
            new ImageInput(Wide.Path, SceneText: []),
            new ImageInput(Square.Path),
        ], CancellationToken.None);

        var tokenizer = _model.Tokenizer();
        Assert.Equal(SceneTextInput.Create(tokenizer, MilkCarton, Tall.Width, Tall.Height).Boxes, EchoSceneTextModel.Echoed(results[0].Vector!).Boxes);
        Assert.Equal(SceneTextInput.Create(tokenizer, [], Wide.Width, Wide.Height).Tokens.Ids, EchoSceneTextModel.Echoed(results[1].Vector!).Ids);
        Assert.Equal(SceneTextInput.Create(tokenizer, Yoghurt, Square.Width, Square.Height).Tokens.Ids, EchoSceneTextModel.Echoed(results[2].Vector!).Ids);
        Assert.Equal([Square.Key], _reader.Read);
    }

    [Fact]
    public async Task Ingest_into_a_collection_that_stores_scene_text_reads_each_photo_once_for_keywords_and_the_model()
    {
        await using var encoder = _model.Load(_log, _reader);
        var builder = new ProductBuilder(new LocalContentEncoder(encoder), new Thumbnailer(new EncodingOptions().ImageLimits), _reader);
        var spec = new CollectionSpec("c", 1, [new VectorSpace("image", EchoSceneTextModel.Dimension)], "echo", SceneText: true);

        var built = await builder.BuildAsync(spec, [new ProductDraft("milk", "Milk", null, null, [], [], [new DraftPhoto(Tall.Bytes), new DraftPhoto(Wide.Bytes)])]);

        var product = built[0].Product!;
        Assert.Equal(2, _reader.Read.Count);
        Assert.Equal(new[] { "Fresh milk", "250ml" }, product.SceneText[0].ToArray());
        Assert.Equal(new[] { "organic yoghurt" }, product.SceneText[1].ToArray());
        var tokenizer = _model.Tokenizer();
        Assert.Equal(SceneTextInput.Create(tokenizer, MilkCarton, Tall.Width, Tall.Height).Boxes, EchoSceneTextModel.Echoed(product.Vectors[0].Values.ToArray()).Boxes);
        Assert.Equal(SceneTextInput.Create(tokenizer, Yoghurt, Wide.Width, Wide.Height).Boxes, EchoSceneTextModel.Echoed(product.Vectors[1].Values.ToArray()).Boxes);

        var (vectors, _, lines, error) = await builder.EncodePhotosAsync(spec, [new DraftPhoto(Square.Bytes)]);

        Assert.Null(error);
        Assert.Equal(3, _reader.Read.Count);
        Assert.Equal(new[] { "organic yoghurt" }, lines[0].ToArray());
        Assert.Equal(SceneTextInput.Create(tokenizer, Yoghurt, Square.Width, Square.Height).Tokens.Ids, EchoSceneTextModel.Echoed(vectors[0].Values.ToArray()).Ids);
    }

    public void Dispose() => _model.Dispose();
}
