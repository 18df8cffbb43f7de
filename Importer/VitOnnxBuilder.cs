using UmsOrleans.Importer.Onnx;
using static UmsOrleans.Importer.OnnxGraphBuilder;

namespace UmsOrleans.Importer;

/// <summary>
/// Builds the ONNX graph (opset 17) of a UMS / DeiT image encoder from its checkpoint: input
/// <see cref="InputName"/> float32 [batch, 3, size, size] (normalised NCHW), output <see cref="OutputName"/>
/// float32 [batch, width], the L2-normalised cls token after the final LayerNorm. Initializers keep the
/// checkpoint's key names; Paddle's Linear weights are [in, out], so they feed MatMul as they are.
/// </summary>
internal static class VitOnnxBuilder
{
    public const string InputName = "pixel_values";
    public const string OutputName = "embedding";
    public const int OpsetVersion = 17;
    private const int IrVersion = 8; // the IR version that goes with opset 17

    public static ModelProto Build(VitConfig config, IReadOnlyDictionary<string, CheckpointTensor> weights,
                                   IReadOnlyDictionary<string, string> metadata)
    {
        config.Validate();
        var g = new OnnxGraphBuilder("ums_vit_image_encoder");
        g.Graph.Input.Add(BatchedFloat(InputName, VitConfig.Channels, config.ImageSize, config.ImageSize));
        g.Graph.Output.Add(BatchedFloat(OutputName, config.Width));
        string W(string key) => g.Initializer(key, weights[key].Shape, weights[key].Values);

        var c = new SharedConstants(g, config);
        var h = Embed(g, c, config, W);
        for (var b = 0; b < config.Depth; b++)
        {
            h = Block(g, c, W, $"blocks.{b}.", h);
        }
        var final = LayerNorm(g, W, "norm.", h);
        var cls = g.Node("Gather", "cls_embedding", [final, c.Index0], Int("axis", 1));
        var length = g.Node("ReduceL2", "cls_norm", [cls], Ints("axes", -1), Int("keepdims", 1));
        var clamped = g.Node("Max", "cls_norm_clamped", [length, c.NormFloor]);
        g.Node("Div", OutputName, [cls, clamped]);

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "UmsOrleans import-ums",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.AddRange(metadata.Select(kv => new StringStringEntryProto { Key = kv.Key, Value = kv.Value }));
        return model;
    }

    /// <summary>Patch embedding, cls token in front, plus position embedding: [batch, tokens, width].</summary>
    private static string Embed(OnnxGraphBuilder g, SharedConstants c, VitConfig config, Func<string, string> w)
    {
        var patches = g.Node("Conv", "patch_embed", [InputName, w("patch_embed.proj.weight"), w("patch_embed.proj.bias")],
            Ints("kernel_shape", config.PatchSize, config.PatchSize), Ints("strides", config.PatchSize, config.PatchSize));
        var flat = g.Node("Reshape", "patch_embed_flat", [patches, g.Int64s("shape_b_width_tokens", 0, config.Width, -1)]);
        var tokens = g.Node("Transpose", "patch_tokens", [flat], Ints("perm", 0, 2, 1));
        var batch = g.Node("Shape", "batch_size", [InputName], Int("start", 0), Int("end", 1));
        var clsShape = g.Node("Concat", "cls_shape", [batch, g.Int64s("shape_1_width", 1, config.Width)], Int("axis", 0));
        var cls = g.Node("Expand", "cls_tokens", [w("cls_token"), clsShape]);
        var sequence = g.Node("Concat", "tokens", [cls, tokens], Int("axis", 1));
        return g.Node("Add", "tokens_positioned", [sequence, w("pos_embed")]);
    }

    /// <summary>One pre-norm block: x += attn(norm1(x)); x += mlp(norm2(x)).</summary>
    private static string Block(OnnxGraphBuilder g, SharedConstants c, Func<string, string> w,
                                string p, string x)
    {
        var n1 = LayerNorm(g, w, p + "norm1.", x);
        var qkv = Linear(g, w, p + "attn.qkv", n1);
        var split = g.Node("Reshape", p + "attn.qkv_split", [qkv, c.QkvShape]);
        var heads = g.Node("Transpose", p + "attn.qkv_heads", [split], Ints("perm", 2, 0, 3, 1, 4)); // [3, B, H, T, hd]
        var q = g.Node("Gather", p + "attn.q", [heads, c.Index0], Int("axis", 0));
        var k = g.Node("Gather", p + "attn.k", [heads, c.Index1], Int("axis", 0));
        var v = g.Node("Gather", p + "attn.v", [heads, c.Index2], Int("axis", 0));
        var kT = g.Node("Transpose", p + "attn.k_t", [k], Ints("perm", 0, 1, 3, 2));
        var scores = g.Node("MatMul", p + "attn.scores", [q, kT]);
        var scaled = g.Node("Mul", p + "attn.scores_scaled", [scores, c.AttentionScale]);
        var weights = g.Node("Softmax", p + "attn.weights", [scaled], Int("axis", -1));
        var context = g.Node("MatMul", p + "attn.context", [weights, v]);
        var contextT = g.Node("Transpose", p + "attn.context_t", [context], Ints("perm", 0, 2, 1, 3));
        var merged = g.Node("Reshape", p + "attn.context_merged", [contextT, c.MergeShape]);
        var attention = Linear(g, w, p + "attn.proj", merged);
        var afterAttention = g.Node("Add", p + "residual1", [x, attention]);

        var n2 = LayerNorm(g, w, p + "norm2.", afterAttention);
        var hidden = Gelu(g, c, p + "mlp.gelu", Linear(g, w, p + "mlp.fc1", n2));
        var mlp = Linear(g, w, p + "mlp.fc2", hidden);
        return g.Node("Add", p + "residual2", [afterAttention, mlp]);
    }

    private static string LayerNorm(OnnxGraphBuilder g, Func<string, string> w, string prefix, string x) =>
        g.Node("LayerNormalization", prefix + "out", [x, w(prefix + "weight"), w(prefix + "bias")],
            Int("axis", -1), Float("epsilon", (float)VitConfig.LayerNormEpsilon));

    private static string Linear(OnnxGraphBuilder g, Func<string, string> w, string name, string x)
    {
        var product = g.Node("MatMul", name + ".matmul", [x, w(name + ".weight")]);
        return g.Node("Add", name + ".out", [product, w(name + ".bias")]);
    }

    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)), in the form ONNX Runtime fuses into one kernel.</summary>
    private static string Gelu(OnnxGraphBuilder g, SharedConstants c, string name, string x)
    {
        var erf = g.Node("Erf", name + ".erf", [g.Node("Div", name + ".div", [x, c.Sqrt2])]);
        var gate = g.Node("Add", name + ".gate", [erf, c.One]);
        return g.Node("Mul", name + ".out", [g.Node("Mul", name + ".x_gate", [x, gate]), c.Half]);
    }

    private sealed class SharedConstants(OnnxGraphBuilder g, VitConfig config)
    {
        public string Index0 { get; } = g.Int64Scalar("index_0", 0);
        public string Index1 { get; } = g.Int64Scalar("index_1", 1);
        public string Index2 { get; } = g.Int64Scalar("index_2", 2);
        public string QkvShape { get; } = g.Int64s("shape_qkv_split", 0, 0, 3, config.Heads, config.HeadDim);
        public string MergeShape { get; } = g.Int64s("shape_heads_merged", 0, 0, config.Width);
        public string AttentionScale { get; } = g.Scalar("attention_scale", (float)(1.0 / Math.Sqrt(config.HeadDim)));
        public string Sqrt2 { get; } = g.Scalar("sqrt_2", MathF.Sqrt(2f));
        public string One { get; } = g.Scalar("one", 1f);
        public string Half { get; } = g.Scalar("half", 0.5f);
        public string NormFloor { get; } = g.Scalar("norm_floor", 1e-12f);
    }
}
