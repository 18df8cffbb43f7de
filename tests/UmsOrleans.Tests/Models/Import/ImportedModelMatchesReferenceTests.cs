using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Importer;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import;

public sealed class ImportedModelMatchesReferenceTests : IDisposable
{
    // float32 ONNX Runtime against a float64 reference, on unit vectors with components around 0.1.
    private const double Tolerance = 1e-4;

    private readonly string _output = TestPaths.NewTempDirectory("import-out");

    [Theory]
    [InlineData("4", "f4")]
    [InlineData("2", "f8")]
    public void Onnx_runtime_output_matches_the_plain_reference_forward_pass(string protocol, string dtype)
    {
        using var tiny = TinyCheckpoint.Generate("--protocol", protocol, "--dtype", dtype, "--seed", "7");
        var target = Path.Combine(_output, "model");

        var result = UmsCheckpointImporter.Import(tiny.PdparamsPath, target, tiny.ImportOptions());

        const int batch = 3; // not 1: the batch dimension must be symbolic
        var config = TinyCheckpoint.Config;
        var pixels = RandomPixels(batch * 3 * config.ImageSize * config.ImageSize, seed: 11);
        using var encoder = new OrtEncoder(result.OnnxPath);
        var (actual, shape) = encoder.Run(VitOnnxBuilder.InputName, VitOnnxBuilder.OutputName, pixels,
            [batch, 3, config.ImageSize, config.ImageSize]);
        var expected = new ReferenceVit(config, tiny.Weights).Forward(pixels, batch);

        Assert.Equal([batch, config.Width], shape);
        var maxDifference = 0.0;
        for (var n = 0; n < batch; n++)
        for (var i = 0; i < config.Width; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(actual[n * config.Width + i] - expected[n][i]));
        }
        Assert.True(maxDifference <= Tolerance, $"max |onnx - reference| = {maxDifference:E2}");
        // The images differ, so must their embeddings (a constant output would also be "close" to itself).
        Assert.True(Math.Abs(expected[0][0] - expected[1][0]) + Math.Abs(expected[1][1] - expected[2][1]) > 1e-3);
    }

    [Fact]
    public void The_manifest_describes_the_encoder_and_its_preprocessing()
    {
        using var tiny = TinyCheckpoint.Generate();
        var target = Path.Combine(_output, "model");

        var result = UmsCheckpointImporter.Import(tiny.PdparamsPath, target, tiny.ImportOptions("tiny-ums"));

        Assert.Equal([ModelManifestWriter.FileName, UmsCheckpointImporter.OnnxFileName],
            Directory.GetFiles(target).Select(Path.GetFileName).Order());
        // The runtime's own reader must accept it: an imported model works wherever a model does.
        var manifest = ModelManifestReader.Read(result.ManifestPath);
        Assert.Equal("tiny-ums", manifest.Name);
        var space = Assert.Single(manifest.Spaces);
        Assert.Equal(new ManifestSpace("image", 64), space);
        var encoder = manifest.Image!;
        Assert.Equal("image", encoder.Space);
        Assert.Equal("model.onnx", encoder.Onnx);
        Assert.Equal("pixel_values", encoder.Input);
        Assert.Equal("embedding", encoder.Output);
        Assert.Equal(TensorLayout.Nchw, encoder.Layout);
        Assert.Equal(35, encoder.Preprocessing.ShorterSide);
        Assert.Equal(32, encoder.Preprocessing.Crop);
        Assert.Equal(255f, encoder.Preprocessing.Divisor);
        Assert.Equal([0.485f, 0.456f, 0.406f], encoder.Preprocessing.Mean);
        Assert.Equal([0.229f, 0.224f, 0.225f], encoder.Preprocessing.Std);
        Assert.Equal(ChannelOrder.Rgb, encoder.Preprocessing.ChannelOrder);
        Assert.Null(manifest.Text);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(tiny.PdparamsPath))),
            manifest.Source!["checkpointSha256"]);
    }

    internal static float[] RandomPixels(int count, int seed)
    {
        // Roughly what ImageNet-normalised pixels look like: values in about [-2.1, 2.6].
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 4.7 - 2.1))];
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
