using System.Diagnostics;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using UmsOrleans.Importer.Onnx;

namespace UmsOrleans.Bench.Encoders;

/// <summary>
/// <c>resnet-batch [--batch 8] [--rounds 5] [--threads 2]</c>: the default ResNet-18's batch dimension is fixed at 1.
/// Measures, in one process, (a) batch-1 runs one after another, (b) two batch-1 runs in parallel, and (c) the same
/// graph with its batch dimension made symbolic (input/output dim 0 rewritten; the graph has no Reshape that
/// would pin it) run on whole batches. Prints images/s for each.
/// </summary>
public static class ResNetBatchRunner
{
    private const string Input = "Input247";

    public static int Run(Args args)
    {
        var batch = args.Int("batch", 8);
        var rounds = args.Int("rounds", 5);
        var threads = args.Int("threads", 2);
        var path = Path.Combine(AppContext.BaseDirectory, "models", "default", "ResNet18.onnx");
        var fixedModel = File.ReadAllBytes(path);
        var symbolicModel = WithSymbolicBatch(fixedModel);

        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var single = new InferenceSession(fixedModel, options);
        using var symbolic = new InferenceSession(symbolicModel, options);
        using var halfOptions = new SessionOptions { IntraOpNumThreads = Math.Max(1, threads / 2), InterOpNumThreads = 1 };
        using var parallelA = new InferenceSession(fixedModel, halfOptions);
        using var parallelB = new InferenceSession(fixedModel, halfOptions);

        var one = Images(1);
        var many = Images(batch);
        Console.WriteLine($"ResNet-18, {batch} images a round, {rounds} rounds, {threads} intra-op threads, median of rounds");
        Report("batch-1 runs, one after another", rounds, batch, () => { for (var i = 0; i < batch; i++) Run(single, one); });
        Report("batch-1 runs, two sessions in parallel", rounds, batch, () => Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            i => Run(i % 2 == 0 ? parallelA : parallelB, one)));
        Report($"symbolic batch dimension, one batch of {batch}", rounds, batch, () => Run(symbolic, many));
        return 0;
    }

    /// <summary>The model with dimension 0 of every graph input, output and value_info made the symbolic 'batch'.</summary>
    public static byte[] WithSymbolicBatch(byte[] model)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        if (proto.Graph.Node.Any(n => n.OpType is "Reshape" or "Flatten")) throw new InvalidOperationException("the graph reshapes; its batch dimension cannot simply be renamed.");
        foreach (var value in proto.Graph.Input.Concat(proto.Graph.Output).Concat(proto.Graph.ValueInfo))
        {
            if (value.Type?.TensorType?.Shape is { Dim.Count: > 0 } shape) shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        }
        return proto.ToByteArray();
    }

    private static DenseTensor<float> Images(int count)
    {
        var tensor = new DenseTensor<float>([count, 3, 224, 224]);
        var random = new Random(1);
        for (var i = 0; i < tensor.Length; i++) tensor.Buffer.Span[i] = random.Next(256);
        return tensor;
    }

    private static void Run(InferenceSession session, DenseTensor<float> images)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(Input, images)]);
    }

    private static void Report(string name, int rounds, int images, Action round)
    {
        round(); // warm-up
        var seconds = Enumerable.Range(0, rounds).Select(_ =>
        {
            var watch = Stopwatch.StartNew();
            round();
            return watch.Elapsed.TotalSeconds;
        }).Order().ToList();
        Console.WriteLine($"{name,-45} {images / seconds[seconds.Count / 2],8:0.00} images/s");
    }
}
