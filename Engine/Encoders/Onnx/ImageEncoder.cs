using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>
/// Runs a manifest's image model (after its optional preprocessing graph) over preprocessed tensors. A model
/// whose batch dimension is symbolic gets the whole batch in one run; one fixed at N runs N at a time.
/// </summary>
public sealed class ImageEncoder
{
    private readonly ImageEncoderSpec _spec;
    private readonly LoadedSession _model;
    private readonly LoadedSession? _preprocess;
    private readonly int _fixedBatch;

    public ImageEncoder(ImageEncoderSpec spec, int dimension, LoadedSession model, LoadedSession? preprocess)
    {
        _spec = spec;
        _model = model;
        _preprocess = preprocess;
        Dimension = dimension;
        Preprocessor = new ImagePreprocessor(spec.Preprocessing, spec.Layout);
        if (!model.Session.InputMetadata.TryGetValue(spec.Input, out var input))
        {
            throw new InvalidManifestException($"image model has no input '{spec.Input}' (it has {string.Join(", ", model.Session.InputMetadata.Keys)}).");
        }
        if (!model.Session.OutputMetadata.ContainsKey(spec.Output))
        {
            throw new InvalidManifestException($"image model has no output '{spec.Output}' (it has {string.Join(", ", model.Session.OutputMetadata.Keys)}).");
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

    /// <summary>The batch size the graph is fixed at, or 0 when its batch dimension is symbolic.</summary>
    public int FixedBatch => _fixedBatch;

    public ExecutionDevice Device => _model.Actual;

    /// <summary>One vector per tensor (each <see cref="ImagePreprocessor.TensorLength"/> floats).</summary>
    public float[][] Encode(IReadOnlyList<float[]> tensors)
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

    private void RunChunk(IReadOnlyList<float[]> tensors, int start, int count, int batch, float[][] results)
    {
        var length = Preprocessor.TensorLength;
        var buffer = new float[batch * length];
        for (var i = 0; i < count; i++) tensors[start + i].AsSpan().CopyTo(buffer.AsSpan(i * length, length));
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
            using var outputs = _model.Session.Run(runOptions, [_spec.Input], [modelInput], [_spec.Output]);
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
