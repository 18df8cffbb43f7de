using static UmsOrleans.Importer.OnnxGraphBuilder;

namespace UmsOrleans.Importer.Graphs;

/// <summary>The layers ViT and BERT graphs share: LayerNorm, Linear, exact GELU, multi-head attention, L2 norm.</summary>
internal static class OnnxLayers
{
    /// <summary>LayerNorm over the last axis with the weights <c>{prefix}weight</c> and <c>{prefix}bias</c>.</summary>
    public static string LayerNorm(OnnxGraphBuilder g, GraphWeights w, string prefix, string x, float epsilon, string? output = null) =>
        g.Node("LayerNormalization", output ?? prefix + "out", [x, w[prefix + "weight"], w[prefix + "bias"]],
            Int("axis", -1), Float("epsilon", epsilon));

    /// <summary>x·W + b with Paddle's [in, out] weight <c>{name}.weight</c>, fed to MatMul as it is.</summary>
    public static string Linear(OnnxGraphBuilder g, GraphWeights w, string name, string x)
    {
        var product = g.Node("MatMul", name + ".matmul", [x, w[name + ".weight"]]);
        return g.Node("Add", name + ".out", [product, w[name + ".bias"]]);
    }

    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)), in the form ONNX Runtime fuses into one kernel.</summary>
    public static string Gelu(OnnxGraphBuilder g, GraphConstants c, string name, string x)
    {
        var erf = g.Node("Erf", name + ".erf", [g.Node("Div", name + ".div", [x, c.Sqrt2])]);
        var gate = g.Node("Add", name + ".gate", [erf, c.One]);
        return g.Node("Mul", name + ".out", [g.Node("Mul", name + ".x_gate", [x, gate]), c.Half]);
    }

    /// <summary>
    /// softmax(q·kᵀ·head_dim^-0.5 + mask)·v for [batch, heads, tokens, head_dim] q, k, v, merged head-major back
    /// to [batch, tokens, width]. <paramref name="additiveMask"/> is [batch, 1, 1, tokens] or null.
    /// </summary>
    public static string Attention(OnnxGraphBuilder g, GraphConstants c, string p, string q, string k, string v, string? additiveMask)
    {
        var kT = g.Node("Transpose", p + "k_t", [k], Ints("perm", 0, 1, 3, 2));
        var scores = g.Node("MatMul", p + "scores", [q, kT]);
        var scaled = g.Node("Mul", p + "scores_scaled", [scores, c.AttentionScale]);
        if (additiveMask is not null)
        {
            scaled = g.Node("Add", p + "scores_masked", [scaled, additiveMask]);
        }
        var weights = g.Node("Softmax", p + "weights", [scaled], Int("axis", -1));
        var context = g.Node("MatMul", p + "context", [weights, v]);
        var contextT = g.Node("Transpose", p + "context_t", [context], Ints("perm", 0, 2, 1, 3));
        return g.Node("Reshape", p + "context_merged", [contextT, c.MergeShape]);
    }

    /// <summary>x·W for a projection head without bias (<c>{key}</c> is [in, out]).</summary>
    public static string Project(OnnxGraphBuilder g, GraphWeights w, string key, string x, string output) =>
        g.Node("MatMul", output, [x, w[key]]);

    /// <summary>x / max(‖x‖₂, tiny) over the last axis.</summary>
    public static string L2Normalize(OnnxGraphBuilder g, GraphConstants c, string x, string output)
    {
        var length = g.Node("ReduceL2", output + ".norm", [x], Ints("axes", -1), Int("keepdims", 1));
        var clamped = g.Node("Max", output + ".norm_clamped", [length, c.NormFloor]);
        return g.Node("Div", output, [x, clamped]);
    }

    /// <summary>The leading (batch) dimension of <paramref name="input"/> as a 1-element int64 tensor.</summary>
    public static string BatchSize(OnnxGraphBuilder g, string input) =>
        g.Node("Shape", input + ".batch_size", [input], Int("start", 0), Int("end", 1));

    /// <summary>A [1, 1, width] tensor repeated over the batch: [batch, 1, width].</summary>
    public static string ExpandOverBatch(OnnxGraphBuilder g, string x, string batchSize, int width, string output)
    {
        var shape = g.Node("Concat", output + ".shape", [batchSize, g.Int64s(output + ".shape_tail", 1, width)], Int("axis", 0));
        return g.Node("Expand", output, [x, shape]);
    }
}
