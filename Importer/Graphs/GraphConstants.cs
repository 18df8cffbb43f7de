namespace UmsOrleans.Importer.Graphs;

/// <summary>The small constant tensors every transformer graph of one width and head count shares.</summary>
internal sealed class GraphConstants
{
    private readonly OnnxGraphBuilder _graph;
    private readonly Dictionary<int, string> _indices = [];

    private readonly int _width;
    private readonly int _heads;
    private string? _qkvShape, _headsShape, _mergeShape, _attentionScale, _sqrt2, _one, _half, _normFloor;

    public GraphConstants(OnnxGraphBuilder graph, int width, int heads)
    {
        if (heads <= 0 || width % heads != 0)
        {
            throw new CheckpointImportException($"invalid model settings: width {width} must be a positive multiple of heads {heads}");
        }
        _graph = graph;
        _width = width;
        _heads = heads;
    }

    private int HeadDim => _width / _heads;

    // Each constant is added on first use: ONNX Runtime warns about initializers no node reads.
    public string QkvShape => _qkvShape ??= _graph.Int64s("shape_qkv_split", 0, 0, 3, _heads, HeadDim);
    public string HeadsShape => _headsShape ??= _graph.Int64s("shape_heads_split", 0, 0, _heads, HeadDim);
    public string MergeShape => _mergeShape ??= _graph.Int64s("shape_heads_merged", 0, 0, _width);
    public string AttentionScale => _attentionScale ??= _graph.Scalar("attention_scale", (float)(1.0 / Math.Sqrt(HeadDim)));
    public string Sqrt2 => _sqrt2 ??= _graph.Scalar("sqrt_2", MathF.Sqrt(2f));
    public string One => _one ??= _graph.Scalar("one", 1f);
    public string Half => _half ??= _graph.Scalar("half", 0.5f);

    /// <summary>Keeps 0/0 out of the L2 normalisation of an all-zero vector (zero weights).</summary>
    public string NormFloor => _normFloor ??= _graph.Scalar("norm_floor", 1e-12f);

    public string Index0 => Index(0);
    public string Index1 => Index(1);
    public string Index2 => Index(2);

    /// <summary>An int64 scalar, for Gather along one axis.</summary>
    public string Index(int value)
    {
        if (!_indices.TryGetValue(value, out var name))
        {
            name = _graph.Int64Scalar($"index_{value}", value);
            _indices[value] = name;
        }
        return name;
    }

    /// <summary>Tokens <paramref name="start"/> to <paramref name="end"/> (exclusive; to the last when null) of a [batch, tokens, width] tensor.</summary>
    public string Tokens(string x, string output, int start, int? end = null)
    {
        var starts = _graph.Int64s(output + ".starts", start);
        var ends = _graph.Int64s(output + ".ends", end ?? long.MaxValue);
        return _graph.Node("Slice", output, [x, starts, ends, _graph.Int64s(output + ".axes", 1)]);
    }
}
