using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using static UmsOrleans.Tests.Encoders.SceneText.ScenePhotos;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>An evaluation image's OCR strings cross the wire to the model's encoder grain with their boxes.</summary>
public sealed class SceneTextThroughTheClusterTests
{
    [Fact]
    public async Task An_evaluation_image_s_strings_reach_the_encoder_grain()
    {
        using var model = EchoSceneTextModel.Create();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddUmsEncoding(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ums:Encoding:Device"] = "cpu" }).Build()));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var encoders = new ClusterEncoders(cluster.Client, new ManifestRegistry(Options.Create(new EncodingOptions())),
            Options.Create(new EncodingOptions()), Options.Create(new SearchOptions()));
        var manifestPath = Path.Combine(model.Directory, "manifest.json");
        var evaluation = new ContentEvaluationEncoderFactory(encoders).Create(manifestPath);
        SceneTextString[] carton = [new("Fresh milk", 12.5f, 30, 200, 72.25f), new("250ml", 40, 380, 150, 430)];

        // Both with strings: a photo without them would be read by the silo's OCR engine, which needs npm.
        var results = await evaluation.EncodeImagesAsync([new ImageInput(Tall.Path, SceneText: carton), new ImageInput(Wide.Path, SceneText: [])], CancellationToken.None);

        var tokenizer = model.Tokenizer();
        var withText = EchoSceneTextModel.Echoed(results[0].Vector!);
        Assert.Equal(SceneTextInput.Create(tokenizer, carton, Tall.Width, Tall.Height).Tokens.Ids, withText.Ids);
        Assert.Equal(SceneTextInput.Create(tokenizer, carton, Tall.Width, Tall.Height).Boxes, withText.Boxes);
        Assert.Equal(SceneTextInput.Create(tokenizer, [], Wide.Width, Wide.Height).Boxes, EchoSceneTextModel.Echoed(results[1].Vector!).Boxes);
    }
}
