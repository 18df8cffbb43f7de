using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>
/// Runs a manifest's image model (after its optional preprocessing graph) over preprocessed tensors. A model
/// whose batch dimension is symbolic gets the whole batch in one run; one fixed at N runs N at a time. A scene-text
/// model (<see cref="ImageEncoderSpec.SceneText"/>) also gets each image's OCR ids, mask and boxes (spec §7.4).
/// </summary>
public sealed class ImageEncoder
{
    private readonly ImageEncoderSpec _spec;
    private readonly LoadedSession _model;
    private readonly LoadedSession? _preprocess;
    private readonly int _fixedBatch;

    public ImageEncoder(ImageEncoderSpec spec, int dimension, LoadedSession model, LoadedSession? preprocess, BertTextTokenizer? sceneTextTokenizer = null)
    {
        if (spec.SceneText is not null && sceneTextTokenizer is null)
        {
            throw new ArgumentException("a scene-text image model needs the tokenizer of its OCR vocabulary.", nameof(sceneTextTokenizer));
        }
        _spec = spec;
        _model = model;
        _preprocess = preprocess;
        Dimension = dimension;
        Preprocessor = new ImagePreprocessor(spec.Preprocessing, spec.Layout);
        if (!model.Session.InputMetadata.TryGetValue(spec.Input, out var input))
        {
            throw new InvalidManifestException($"image model has no input '{spec.Input}' (it has {string.Join(", ", model.Session.InputMetadata.Keys)}).");
        }
        if (spec.SceneText is { } sceneText)
        {
            var missing = new[] { sceneText.InputIds, sceneText.AttentionMask, sceneText.Boxes }.Where(name => !model.Session.InputMetadata.ContainsKey(name)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidManifestException($"image model has no scene-text input{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(n => $"'{n}'"))} (it has {string.Join(", ", model.Session.InputMetadata.Keys)}).");
            }
            SceneTextTokenizer = sceneTextTokenizer;
        }
        foreach (var output in new[] { spec.Output, spec.FusionOutput })
        {
            if (output is not null && !model.Session.OutputMetadata.ContainsKey(output))
            {
                throw new InvalidManifestException($"image model has no output '{output}' (it has {string.Join(", ", model.Session.OutputMetadata.Keys)}).");
            }
        }
        var batchDimension = input.Dimensions[0];
        if (preprocess is not null && preprocess.Session.InputMetadata.TryGetValue(spec.Preprocessing.OnnxInput!, out var preInput) && preInput.Dimensions[0] > 0)
        {
            batchDimension = batchDimension > 0 ? Math.Min(batchDimension, preInput.Dimensions[0]) : preInput.Dimensions[0];
        }
        _fixedBatch = batchDimension > 0 ? batchDimension : 0;
    }

    public string Space => _spec.Space;

    public int Dimension { get; }

    public ImagePreprocessor Preprocessor { get; }

    /// <summary>Tokenises the OCR strings of a scene-text model; null for pixel-only models.</summary>
    public BertTextTokenizer? SceneTextTokenizer { get; }

    /// <summary>The batch size the graph is fixed at, or 0 when its batch dimension is symbolic.</summary>
    public int FixedBatch => _fixedBatch;

    public ExecutionDevice Device => _model.Actual;

    /// <summary>One vector per image; a scene-text model's items carry their scene-text input.</summary>
    public float[][] Encode(IReadOnlyList<ImageBatchItem> tensors)
    {
        var results = new float[tensors.Count][];
        var step = _fixedBatch > 0 ? _fixedBatch : Math.Max(tensors.Count, 1);
        for (var start = 0; start < tensors.Count; start += step)
        {
            var count = Math.Min(step, tensors.Count - start);
            RunChunk(tensors, start, count, _fixedBatch > 0 ? _fixedBatch : count, results);
        }
        return results;
    }

    private void RunChunk(IReadOnlyList<ImageBatchItem> tensors, int start, int count, int batch, float[][] results)
    {
        var length = Preprocessor.TensorLength;
        var buffer = new float[batch * length];
        for (var i = 0; i < count; i++) tensors[start + i].Pixels.AsSpan().CopyTo(buffer.AsSpan(i * length, length));
        var crop = Preprocessor.Crop;
        long[] shape = _spec.Layout == TensorLayout.Nchw ? [batch, 3, crop, crop] : [batch, crop, crop, 3];
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, shape);
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue>? preprocessed = null;
        try
        {
            var modelInput = input;
            if (_preprocess is not null)
            {
                preprocessed = _preprocess.Session.Run(runOptions, [_spec.Preprocessing.OnnxInput!], [input], [_spec.Preprocessing.OnnxOutput!]);
                modelInput = preprocessed[0];
            }
            using var sceneText = _spec.SceneText is { } spec ? SceneTextTensors.Create(spec, tensors, start, count, batch) : null;
            using var outputs = sceneText is null
                ? _model.Session.Run(runOptions, [_spec.Input], [modelInput], [_spec.Output])
                : _model.Session.Run(runOptions, [_spec.Input, .. sceneText.Names], [modelInput, .. sceneText.Values], [_spec.Output]);
            var data = outputs[0].GetTensorDataAsSpan<float>();
            var perItem = data.Length / batch;
            var tokens = _spec.Pooling == Pooling.None ? 1 : perItem / Dimension;
            if (perItem != tokens * Dimension)
            {
                throw new InvalidManifestException($"image model output '{_spec.Output}' has shape [{string.Join(", ", outputs[0].GetTensorTypeAndShape().Shape)}]; space '{Space}' has {Dimension} dimensions.");
            }
            var mask = Enumerable.Repeat(1L, tokens).ToArray();
            for (var i = 0; i < count; i++)
            {
                var vector = VectorMath.Pool(data.Slice(i * perItem, perItem), tokens, Dimension, _spec.Pooling, mask);
                if (_spec.Normalize) VectorMath.NormalizeL2(vector);
                results[start + i] = vector;
            }
        }
        finally
        {
            preprocessed?.Dispose();
        }
    }
}
