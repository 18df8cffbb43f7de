using System.Text.Json;
using UmsOrleans.Models.Import;
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
        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        var root = manifest.RootElement;
        Assert.Equal("tiny-ums", root.GetProperty("name").GetString());
        var space = Assert.Single(root.GetProperty("spaces").EnumerateArray());
        Assert.Equal("image", space.GetProperty("name").GetString());
        Assert.Equal(64, space.GetProperty("dimension").GetInt32());
        var encoder = root.GetProperty("imageEncoder");
        Assert.Equal("model.onnx", encoder.GetProperty("onnx").GetString());
        Assert.Equal("pixel_values", encoder.GetProperty("input").GetString());
        Assert.Equal("embedding", encoder.GetProperty("output").GetString());
        Assert.Equal("NCHW", encoder.GetProperty("layout").GetString());
        var preprocessing = encoder.GetProperty("preprocessing");
        Assert.Equal(35, preprocessing.GetProperty("shorterSide").GetInt32());
        Assert.Equal(32, preprocessing.GetProperty("crop").GetInt32());
        Assert.Equal([0.485, 0.456, 0.406], preprocessing.GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.229, 0.224, 0.225], preprocessing.GetProperty("std").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(1.0 / 255.0, preprocessing.GetProperty("scale").GetDouble());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(tiny.PdparamsPath))),
            root.GetProperty("source").GetProperty("checkpointSha256").GetString());
    }

    internal static float[] RandomPixels(int count, int seed)
    {
        // Roughly what ImageNet-normalised pixels look like: values in about [-2.1, 2.6].
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 4.7 - 2.1))];
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
