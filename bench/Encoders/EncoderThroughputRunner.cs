using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Gateway.Cli;

namespace UmsOrleans.Bench.Encoders;

/// <summary>
/// <c>encoders --data DIR [--images 64] [--texts 256]</c>: the default model's images/s and texts/s in one run,
/// (a) on bare ONNX Runtime sessions fed preprocessed tensors / token ids one item at a time, and (b) through
/// the cluster: grocery photo bytes and texts sent to the encoder grains of an embedded silo (decode,
/// preprocessing and micro-batching included), as ingestion and search use them.
/// </summary>
public static class EncoderThroughputRunner
{
    public static async Task<int> RunAsync(Args args)
    {
        var data = args.String("data", "../shared/datasets/grocery");
        var imageCount = args.Int("images", 64);
        var textCount = args.Int("texts", 256);
        var photos = File.ReadLines(Path.Combine(data, "Ebay_test.txt")).Skip(1).Take(imageCount)
            .Select(line => File.ReadAllBytes(Path.Combine(data, line.Split(' ')[3]))).ToList();
        var texts = File.ReadLines(Path.Combine(data, "catalog.jsonl")).Take(textCount)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("title").GetString()!).ToList();

        await using var host = new EncoderHost(new ManifestRegistry(Options.Create(new EncodingOptions())),
            Options.Create(new EncodingOptions { Device = "cpu" }), TimeProvider.System, NullLogger<EncoderHost>.Instance);
        var model = host.Get("default");
        var (bareImages, bareTexts) = Bare(model, photos, texts);

        await using var cluster = await CliCluster.StartAsync(["--Ums:Catalog:DataDirectory=" + Path.Combine(Path.GetTempPath(), $"ums-bench-enc-{Guid.NewGuid():N}"),
            "--Ums:Cluster:SiloPort=11411", "--Ums:Cluster:GatewayPort=30400"], CancellationToken.None);
        var encoders = cluster.Services.GetRequiredService<UmsOrleans.Grains.Cluster.ClusterEncoders>();
        await encoders.EncodeImagesAsync("default", [photos[0]]);
        await encoders.EncodeTextsAsync("default", [texts[0]]);
        var clock = Stopwatch.StartNew();
        var encoded = await encoders.EncodeImagesAsync("default", photos);
        var clusterImages = photos.Count / clock.Elapsed.TotalSeconds;
        clock.Restart();
        await encoders.EncodeTextsAsync("default", texts);
        var clusterTexts = texts.Count / clock.Elapsed.TotalSeconds;
        if (encoded.Any(e => e.Vector is null)) throw new InvalidOperationException("a photo failed to encode.");

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"| path | images/s ({photos.Count} grocery photos) | texts/s ({texts.Count} titles) |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| bare ONNX Runtime sessions, one item a run (tensors / token ids ready) | {bareImages:0.0} | {bareTexts:0.0} |");
        Console.WriteLine($"| through the cluster (encoder grains; bytes and strings in) | {clusterImages:0.0} | {clusterTexts:0.0} |");
        return 0;
    }

    private static (double Images, double Texts) Bare(ModelEncoder model, List<byte[]> photos, List<string> texts)
    {
        var manifest = model.Manifest;
        var decoding = new ImageDecoding(new EncodingOptions().ImageLimits);
        var tensors = photos.Select(bytes =>
        {
            var tensor = new float[model.Image!.Preprocessor.TensorLength];
            model.Image.Preprocessor.Write(decoding.Decode(bytes), tensor);
            return tensor;
        }).ToList();
        using var pre = new InferenceSession(ModelFile.Resolve(manifest, manifest.Image!.Preprocessing.Onnx!).Path);
        using var net = new InferenceSession(ModelFile.Resolve(manifest, manifest.Image.Onnx).Path);
        void RunImage(float[] tensor)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, 224, 224]);
            using var prepared = pre.Run(new RunOptions(), ["OriginalInput"], [input], ["PreprocessedInput"]);
            using var result = net.Run(new RunOptions(), ["Input247"], [prepared[0]], ["Pooling395_Output_0"]);
        }
        RunImage(tensors[0]);
        var clock = Stopwatch.StartNew();
        foreach (var tensor in tensors) RunImage(tensor);
        var images = tensors.Count / clock.Elapsed.TotalSeconds;

        var tokenizer = model.Text!.Tokenizer;
        using var session = new InferenceSession(ModelFile.Resolve(manifest, manifest.Text!.Onnx).ReadAllBytes());
        var batches = texts.Select(text => tokenizer.EncodeBatch([text])).ToList();
        void RunText(UmsOrleans.Engine.Encoders.Text.TokenBatch batch)
        {
            long[] shape = [1, batch.Length];
            using var ids = OrtValue.CreateTensorValueFromMemory(batch.Ids, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypes, shape);
            using var result = session.Run(new RunOptions(), ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
        }
        RunText(batches[0]);
        clock.Restart();
        foreach (var batch in batches) RunText(batch);
        return (images, batches.Count / clock.Elapsed.TotalSeconds);
    }
}
