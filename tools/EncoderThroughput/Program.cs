using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

// Images per second of an imported image encoder on ONNX Runtime's CPU provider, on random normalised pixels:
//   dotnet run -c Release --project tools/EncoderThroughput -- MANIFEST.json [BATCH ...]   (default batches: 1 8)
// Each batch size runs once to warm up, then for at least 20 s (and at least 3 runs); the median run is reported,
// with the process's CPU time per image (useful when other work shares the machine).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: EncoderThroughput MANIFEST.json [BATCH ...]");
    return 2;
}
using var manifest = JsonDocument.Parse(File.ReadAllText(args[0]));
var encoder = manifest.RootElement.GetProperty("imageEncoder");
var modelPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(args[0]))!, encoder.GetProperty("onnx").GetString()!);
var inputName = encoder.GetProperty("input").GetString()!;
var outputName = encoder.GetProperty("output").GetString()!;
var size = encoder.GetProperty("preprocessing").GetProperty("crop").GetInt32();
int[] batches = args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [1, 8];

using var session = new InferenceSession(modelPath);
using var runOptions = new RunOptions();
var random = new Random(1);
Console.WriteLine($"{modelPath}: {Environment.ProcessorCount} cores, CPU provider");
foreach (var batch in batches)
{
    var pixels = new float[batch * 3 * size * size];
    for (var i = 0; i < pixels.Length; i++) pixels[i] = (float)(random.NextDouble() * 4.7 - 2.1);
    using var input = OrtValue.CreateTensorValueFromMemory(pixels, [batch, 3, size, size]);
    using (session.Run(runOptions, [inputName], [input], [outputName])) { }

    var runs = new List<double>();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var total = Stopwatch.StartNew();
    while (runs.Count < 3 || total.Elapsed.TotalSeconds < 20)
    {
        var run = Stopwatch.StartNew();
        using (session.Run(runOptions, [inputName], [input], [outputName])) { }
        runs.Add(run.Elapsed.TotalSeconds);
    }
    process.Refresh();
    var cpuPerImage = (process.TotalProcessorTime - cpuBefore).TotalSeconds / (batch * runs.Count);
    runs.Sort();
    var median = runs[runs.Count / 2];
    Console.WriteLine($"batch {batch,3}: {batch / median,7:F2} images/s (median {median * 1000:F0} ms per batch over {runs.Count} runs, " +
                      $"fastest {runs[0] * 1000:F0} ms), {cpuPerImage:F3} CPU-s per image");
}
return 0;
