namespace UmsOrleans.Importer.Graphs;

/// <summary>The small constant tensors every transformer graph of one width and head count shares.</summary>
internal sealed class GraphConstants
{
    private readonly OnnxGraphBuilder _graph;
    private readonly Dictionary<int, string> _indices = [];

    public GraphConstants(OnnxGraphBuilder graph, int width, int heads)
    {
        if (heads <= 0 || width % heads != 0)
        {
            throw new CheckpointImportException($"invalid model settings: width {width} must be a positive multiple of heads {heads}");
        }
        _graph = graph;
        var headDim = width / heads;
        QkvShape = graph.Int64s("shape_qkv_split", 0, 0, 3, heads, headDim);
        HeadsShape = graph.Int64s("shape_heads_split", 0, 0, heads, headDim);
        MergeShape = graph.Int64s("shape_heads_merged", 0, 0, width);
        AttentionScale = graph.Scalar("attention_scale", (float)(1.0 / Math.Sqrt(headDim)));
        Sqrt2 = graph.Scalar("sqrt_2", MathF.Sqrt(2f));
        One = graph.Scalar("one", 1f);
        Half = graph.Scalar("half", 0.5f);
        NormFloor = graph.Scalar("norm_floor", 1e-12f);
    }

    public string QkvShape { get; }
    public string HeadsShape { get; }
    public string MergeShape { get; }
    public string AttentionScale { get; }
    public string Sqrt2 { get; }
    public string One { get; }
    public string Half { get; }

    /// <summary>Keeps 0/0 out of the L2 normalisation of an all-zero vector (zero weights).</summary>
    public string NormFloor { get; }

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
