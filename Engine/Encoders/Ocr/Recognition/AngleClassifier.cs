using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Onnx;

namespace UmsOrleans.Engine.Encoders.Ocr.Recognition;

/// <summary>
/// PaddleOCR's text-direction classifier: each line crop at 48 × 192 is labelled 0° or 180°, and a crop called
/// 180° with probability above 0.9 is turned before recognition; thread-safe.
/// </summary>
public sealed class AngleClassifier(LoadedSession model, int batchSize)
{
    private const int Height = 48;
    private const int Width = 192;
    private const float Threshold = 0.9f;

    private readonly string _input = model.Session.InputMetadata.Keys.First();
    private readonly string _output = model.Session.OutputMetadata.Keys.First();

    /// <summary>The crops, the upside-down ones turned.</summary>
    public LineCrop[] Upright(IReadOnlyList<LineCrop> crops)
    {
        var result = crops.ToArray();
        var length = 3 * Height * Width;
        for (var start = 0; start < crops.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, crops.Count - start);
            var tensor = new float[count * length];
            for (var b = 0; b < count; b++) crops[start + b].Write(tensor.AsSpan(b * length, length), Height, Width);
            using var input = OrtValue.CreateTensorValueFromMemory(tensor, [count, 3, Height, Width]);
            using var runOptions = new RunOptions();
            using var outputs = model.Session.Run(runOptions, [_input], [input], [_output]);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            for (var b = 0; b < count; b++)
            {
                if (probabilities[b * 2 + 1] > probabilities[b * 2] && probabilities[b * 2 + 1] > Threshold) result[start + b] = crops[start + b].Turned();
            }
        }
        return result;
    }
}
