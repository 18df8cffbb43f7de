using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Importer;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import;

/// <summary>
/// The importer against the real stack: checkpoints pickled by numpy 2.5 (protocol 4, with Paddle's
/// 'StructuredToParameterName@@' entry) and by a numpy 1.x-style protocol 2, and embeddings computed by timm
/// 1.0.29's VisionTransformer on the same weights (tests/fixtures/reference, made on a machine with torch).
/// </summary>
public sealed class TimmReferenceTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "reference");
    private static readonly VitConfig Tiny = new(Depth: 2, Width: 64, Heads: 4, PatchSize: 16, ImageSize: 32);
    private readonly string _output = TestPaths.NewTempDirectory("timm");

    [Theory]
    [InlineData("ums_tiny_p4.pdparams")]
    [InlineData("ums_tiny_p2.pdparams")]
    public void Imported_model_gives_timms_embeddings(string checkpoint)
    {
        var result = UmsCheckpointImporter.Import(Path.Combine(Fixtures, checkpoint), Path.Combine(_output, checkpoint), new UmsImportOptions("tiny", Tiny, 36));
        var input = NpyReader.ReadMatrix(Path.Combine(Fixtures, "ums_tiny_input.npy"));
        var expected = NpyReader.ReadMatrix(Path.Combine(Fixtures, "ums_tiny_expected.npy"));

        using var encoder = new OrtEncoder(result.OnnxPath);
        var (actual, shape) = encoder.Run(VitOnnxBuilder.InputName, VitOnnxBuilder.OutputName, Flatten(input), [3, 3, 32, 32]);

        Assert.Equal([3, 64], shape);
        var expectedValues = Flatten(expected);
        var worst = actual.Select((v, i) => Math.Abs(v - expectedValues[i])).Max();
        Assert.True(worst <= 1e-4, $"max |ours - timm| = {worst:E2}");
        Assert.Contains("StructuredToParameterName@@", result.SkippedEntries.Keys);
    }

    [Fact]
    public async Task An_imported_model_encodes_a_real_photo_through_the_encoder_layer()
    {
        var result = UmsCheckpointImporter.Import(Path.Combine(Fixtures, "ums_tiny_p4.pdparams"), Path.Combine(_output, "model"), new UmsImportOptions("tiny", Tiny, 36));
        await using var host = new EncoderHost(new ManifestRegistry(Options.Create(new EncodingOptions())),
            Options.Create(new EncodingOptions { Device = "cpu" }), TimeProvider.System, NullLogger<EncoderHost>.Instance);
        var photo = File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, "images/test/Fruit/Apple/Granny-Smith/Granny-Smith_001.jpg"));

        var encoded = await host.EncodeImagesAsync(result.ManifestPath, [photo]);

        var vector = encoded[0].Vector ?? throw new Xunit.Sdk.XunitException(encoded[0].Error);
        Assert.Equal(64, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
        // The same photo preprocessed by hand and run on the bare ONNX file gives the same vector.
        var manifest = ModelManifestReader.Read(result.ManifestPath);
        var preprocessor = new ImagePreprocessor(manifest.Image!.Preprocessing, TensorLayout.Nchw);
        var tensor = new float[preprocessor.TensorLength];
        preprocessor.Write(new ImageDecoding(new EncodingOptions().ImageLimits).Decode(photo), tensor);
        using var bare = new OrtEncoder(result.OnnxPath);
        var (direct, _) = bare.Run(VitOnnxBuilder.InputName, VitOnnxBuilder.OutputName, tensor, [1, 3, 32, 32]);
        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(direct[i], vector[i], 1e-5));
    }

    private static float[] Flatten(FeatureMatrix matrix) => [.. Enumerable.Range(0, matrix.Rows).SelectMany(r => matrix.Row(r).ToArray())];

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
