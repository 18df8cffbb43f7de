using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>Tokenises a batch of texts, runs the manifest's text model once, pools and normalises.</summary>
public sealed class TextEncoder
{
    private readonly TextEncoderSpec _spec;
    private readonly LoadedSession _model;
    private readonly BertTextTokenizer _tokenizer;

    public TextEncoder(TextEncoderSpec spec, int dimension, LoadedSession model, BertTextTokenizer tokenizer)
    {
        _spec = spec;
        _model = model;
        _tokenizer = tokenizer;
        Dimension = dimension;
        foreach (var name in new[] { spec.InputIds, spec.AttentionMask, spec.TokenTypeIds })
        {
            if (name is not null && !model.Session.InputMetadata.ContainsKey(name))
            {
                throw new InvalidManifestException($"text model has no input '{name}' (it has {string.Join(", ", model.Session.InputMetadata.Keys)}).");
            }
        }
        if (!model.Session.OutputMetadata.ContainsKey(spec.Output))
        {
            throw new InvalidManifestException($"text model has no output '{spec.Output}' (it has {string.Join(", ", model.Session.OutputMetadata.Keys)}).");
        }
    }

    public string Space => _spec.Space;

    public int Dimension { get; }

    public BertTextTokenizer Tokenizer => _tokenizer;

    public ExecutionDevice Device => _model.Actual;

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [];
        var tokens = _tokenizer.EncodeBatch(texts);
        long[] shape = [tokens.Count, tokens.Length];
        var names = new List<string> { _spec.InputIds };
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(tokens.Ids, shape) };
        try
        {
            if (_spec.AttentionMask is { } mask)
            {
                names.Add(mask);
                values.Add(OrtValue.CreateTensorValueFromMemory(tokens.AttentionMask, shape));
            }
            if (_spec.TokenTypeIds is { } types)
            {
                names.Add(types);
                values.Add(OrtValue.CreateTensorValueFromMemory(tokens.TokenTypes, shape));
            }
            using var runOptions = new RunOptions();
            using var outputs = _model.Session.Run(runOptions, names, values, [_spec.Output]);
            var data = outputs[0].GetTensorDataAsSpan<float>();
            var perItem = data.Length / tokens.Count;
            var tokensPerItem = _spec.Pooling == Pooling.None ? 1 : tokens.Length;
            if (perItem != tokensPerItem * Dimension)
            {
                throw new InvalidManifestException($"text model output '{_spec.Output}' has {perItem} values per text; space '{Space}' has {Dimension} dimensions.");
            }
            var results = new float[tokens.Count][];
            for (var b = 0; b < tokens.Count; b++)
            {
                var vector = VectorMath.Pool(data.Slice(b * perItem, perItem), tokensPerItem, Dimension, _spec.Pooling, tokens.AttentionMask.AsSpan(b * tokens.Length, tokens.Length));
                if (_spec.Normalize) VectorMath.NormalizeL2(vector);
                results[b] = vector;
            }
            return results;
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }
}
