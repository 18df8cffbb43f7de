using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Onnx;

namespace UmsOrleans.Engine.Encoders.Ocr.Recognition;

/// <summary>
/// Reads line crops with the CTC recogniser, in batches of similar aspect ratio (as PaddleOCR's <c>TextRecognizer</c>:
/// each batch is as wide as its widest line, at least 320 × 48); thread-safe.
/// </summary>
public sealed class TextRecognizer
{
    public const int InputHeight = 48;
    private const double MinAspectRatio = 320.0 / InputHeight;

    private readonly LoadedSession _model;
    private readonly CharacterDictionary _dictionary;
    private readonly int _batchSize;
    private readonly string _input;
    private readonly string _output;

    public TextRecognizer(LoadedSession model, CharacterDictionary dictionary, int batchSize)
    {
        _model = model;
        _dictionary = dictionary;
        _batchSize = batchSize;
        _input = model.Session.InputMetadata.Keys.First();
        _output = model.Session.OutputMetadata.Keys.First();
        var classes = model.Session.OutputMetadata[_output].Dimensions[^1];
        if (classes > 0 && classes != dictionary.Count)
        {
            throw new OcrUnavailableException($"the recognition model has {classes} classes but its dictionary gives {dictionary.Count} (blank + characters + space).");
        }
    }

    public (string Text, float Confidence)[] Read(IReadOnlyList<LineCrop> crops)
    {
        var results = new (string, float)[crops.Count];
        var order = Enumerable.Range(0, crops.Count).OrderBy(i => crops[i].AspectRatio).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var batch = order.AsSpan(start, Math.Min(_batchSize, order.Length - start)).ToArray();
            var widest = Math.Max(MinAspectRatio, batch.Max(i => crops[i].AspectRatio));
            var width = (int)(InputHeight * widest);
            var length = 3 * InputHeight * width;
            var tensor = new float[batch.Length * length];
            for (var b = 0; b < batch.Length; b++) crops[batch[b]].Write(tensor.AsSpan(b * length, length), InputHeight, width);
            using var input = OrtValue.CreateTensorValueFromMemory(tensor, [batch.Length, 3, InputHeight, width]);
            using var runOptions = new RunOptions();
            using var outputs = _model.Session.Run(runOptions, [_input], [input], [_output]);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            var perLine = probabilities.Length / batch.Length;
            for (var b = 0; b < batch.Length; b++) results[batch[b]] = CtcGreedyDecoder.Decode(probabilities.Slice(b * perLine, perLine), _dictionary);
        }
        return results;
    }
}
