using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Encoders;

/// <summary>
/// Images/s and texts/s through the encoder service against bare ONNX Runtime sessions in the same run,
/// printed to the test output; both paths must give the same vectors.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class EncoderThroughputMeasurement(DefaultModelFixture model, ITestOutputHelper output) : IClassFixture<DefaultModelFixture>
{
    private const int Images = 16;
    private const int Texts = 64;

    [Fact]
    public async Task Images_through_the_service_match_a_bare_session()
    {
        var photos = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "Ebay_test.txt")).Skip(1).Take(Images)
            .Select(line => File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, line.Split(' ')[3]))).ToList();
        var encoder = model.Model.Image!;
        var manifest = model.Model.Manifest;
        var decoding = new ImageDecoding(new EncodingOptions().ImageLimits);

        var clock = Stopwatch.StartNew();
        var tensors = photos.Select(bytes =>
        {
            var tensor = new float[encoder.Preprocessor.TensorLength];
            encoder.Preprocessor.Write(decoding.Decode(bytes), tensor);
            return tensor;
        }).ToList();
        var preprocessSeconds = clock.Elapsed.TotalSeconds;

        using var pre = new InferenceSession(ModelFile.Resolve(manifest, manifest.Image!.Preprocessing.Onnx!).Path);
        using var net = new InferenceSession(ModelFile.Resolve(manifest, manifest.Image.Onnx).Path);
        await model.Model.EncodeImagesAsync([photos[0]]);
        clock.Restart();
        var bare = tensors.Select(tensor =>
        {
            using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, 224, 224]);
            using var prepared = pre.Run(new RunOptions(), ["OriginalInput"], [input], ["PreprocessedInput"]);
            using var result = net.Run(new RunOptions(), ["Input247"], [prepared[0]], ["Pooling395_Output_0"]);
            var vector = result[0].GetTensorDataAsSpan<float>().ToArray();
            VectorMathForTests.Normalize(vector);
            return vector;
        }).ToList();
        var bareSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var service = await model.Model.EncodeImagesAsync(photos);
        var serviceSeconds = clock.Elapsed.TotalSeconds;

        // ResNet-18's batch dimension is fixed at 1: compare one run at a time on all cores with two parallel
        // runs of one thread each on the same model.
        await using var parallelHost = new EncoderHost(
            new ManifestRegistry(Microsoft.Extensions.Options.Options.Create(new EncodingOptions())),
            Microsoft.Extensions.Options.Options.Create(new EncodingOptions { Device = "cpu", ConcurrentBatches = 2, IntraOpThreads = 1, MaxBatchSize = 4 }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EncoderHost>.Instance);
        await parallelHost.EncodeImagesAsync("default", [photos[0]]);
        clock.Restart();
        var parallel = await parallelHost.EncodeImagesAsync("default", photos);
        var parallelSeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"encoder service, 2 parallel runs x 1 intra-op thread: {Images / parallelSeconds:F1} images/s");
        output.WriteLine($"decode+preprocess: {Images / preprocessSeconds:F1} images/s (one thread)");
        output.WriteLine($"bare ONNX Runtime sessions (preprocessed tensors, one at a time): {Images / bareSeconds:F1} images/s");
        output.WriteLine($"encoder service (bytes in, decode + preprocess + micro-batches): {Images / serviceSeconds:F1} images/s");
        for (var i = 0; i < Images; i++)
        {
            for (var d = 0; d < bare[i].Length; d++)
            {
                Assert.Equal(bare[i][d], service[i].Vector![d], 1e-4f);
                Assert.Equal(bare[i][d], parallel[i].Vector![d], 1e-4f);
            }
        }
    }

    [Fact]
    public async Task Texts_through_the_service_match_a_bare_session()
    {
        var texts = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "text_queries.tsv")).Skip(1).Take(Texts).Select(line => line.Split('\t')[1]).ToList();
        var manifest = model.Model.Manifest;
        var tokenizer = model.Model.Text!.Tokenizer;
        using var session = new InferenceSession(ModelFile.Resolve(manifest, manifest.Text!.Onnx).ReadAllBytes());
        await model.Model.EncodeTextsAsync([texts[0]]);

        var clock = Stopwatch.StartNew();
        var bare = texts.Select(text =>
        {
            var batch = tokenizer.EncodeBatch([text]);
            long[] shape = [1, batch.Length];
            using var ids = OrtValue.CreateTensorValueFromMemory(batch.Ids, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypes, shape);
            using var result = session.Run(new RunOptions(), ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
            var hidden = result[0].GetTensorDataAsSpan<float>();
            var vector = new float[384];
            for (var t = 0; t < batch.Length; t++)
            {
                for (var d = 0; d < 384; d++) vector[d] += hidden[t * 384 + d] / batch.Length;
            }
            VectorMathForTests.Normalize(vector);
            return vector;
        }).ToList();
        var bareSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var service = await model.Model.EncodeTextsAsync(texts);
        var serviceSeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"bare ONNX Runtime session (one text a run): {Texts / bareSeconds:F1} texts/s");
        output.WriteLine($"encoder service (concurrent requests, micro-batches): {Texts / serviceSeconds:F1} texts/s");
        for (var i = 0; i < Texts; i++)
        {
            for (var d = 0; d < 384; d++) Assert.Equal(bare[i][d], service[i][d], 1e-4f);
        }
    }
}

internal static class VectorMathForTests
{
    public static void Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
    }
}
