using UmsOrleans.Importer.Onnx;
using static UmsOrleans.Importer.OnnxGraphBuilder;

namespace UmsOrleans.Importer.Graphs;

/// <summary>paddlenlp BERT pieces (spec §1.2): embeddings, the additive padding mask and the post-norm layer.</summary>
internal static class BertOnnxBlocks
{
    public const float LayerNormEpsilon = 1e-12f;

    /// <summary>paddlenlp's padding rule: (1 − m)·(−10000), so padded keys get ~zero attention.</summary>
    public const float MaskedScore = -10000f;

    /// <summary>
    /// word[ids] + position[0..tokens−1] + token_type[0], then LayerNorm: [batch, tokens, width]. Positions are
    /// sliced from the table by the ids' own length, so the graph takes any length up to the table's rows.
    /// </summary>
    public static string Embeddings(OnnxGraphBuilder g, GraphConstants c, GraphWeights w, string prefix, string ids)
    {
        var e = prefix + "embeddings.";
        var words = g.Node("Gather", e + "words", [w[e + "word_embeddings.weight"], ids], Int("axis", 0));
        var length = g.Node("Shape", e + "length", [ids], Int("start", 1), Int("end", 2));
        var positions = g.Node("Slice", e + "positions",
            [w[e + "position_embeddings.weight"], g.Int64s(e + "positions.starts", 0), length, g.Int64s(e + "positions.axes", 0)]);
        var withPositions = g.Node("Add", e + "words_positions", [words, positions]);
        var summed = g.Node("Add", e + "sum", [withPositions, w.Row(c, e + "token_type_embeddings.weight", 0)]);
        return OnnxLayers.LayerNorm(g, w, e + "layer_norm.", summed, LayerNormEpsilon);
    }

    /// <summary>A 0/1 mask [batch, tokens] as float32.</summary>
    public static string FloatMask(OnnxGraphBuilder g, string mask, string output) =>
        g.Node("Cast", output, [mask], Int("to", (int)TensorProto.Types.DataType.Float));

    /// <summary>(1 − m)·(−10000) for a float 0/1 mask [batch, tokens], shaped [batch, 1, 1, tokens].</summary>
    public static string AdditiveMask(OnnxGraphBuilder g, GraphConstants c, string floatMask, string output)
    {
        var inverted = g.Node("Sub", output + ".inverted", [c.One, floatMask]);
        var scores = g.Node("Mul", output + ".scores", [inverted, g.Scalar(output + ".masked_score", MaskedScore)]);
        return g.Node("Reshape", output, [scores, g.Int64s(output + ".shape", 0, 1, 1, -1)]);
    }

    /// <summary>One post-norm layer <c>{p}</c>: x = norm1(x + out_proj(attn(x))); x = norm2(x + linear2(gelu(linear1(x)))).</summary>
    public static string Layer(OnnxGraphBuilder g, GraphConstants c, GraphWeights w, string p, string x, string additiveMask)
    {
        var a = p + "self_attn.";
        string Heads(string projection)
        {
            var split = g.Node("Reshape", a + projection + ".split", [OnnxLayers.Linear(g, w, a + projection, x), c.HeadsShape]);
            return g.Node("Transpose", a + projection + ".heads", [split], Ints("perm", 0, 2, 1, 3)); // [B, H, T, hd]
        }
        var merged = OnnxLayers.Attention(g, c, a, Heads("q_proj"), Heads("k_proj"), Heads("v_proj"), additiveMask);
        var attention = OnnxLayers.Linear(g, w, a + "out_proj", merged);
        var n1 = OnnxLayers.LayerNorm(g, w, p + "norm1.", g.Node("Add", p + "residual1", [x, attention]), LayerNormEpsilon);

        var hidden = OnnxLayers.Gelu(g, c, p + "gelu", OnnxLayers.Linear(g, w, p + "linear1", n1));
        var feedForward = OnnxLayers.Linear(g, w, p + "linear2", hidden);
        return OnnxLayers.LayerNorm(g, w, p + "norm2.", g.Node("Add", p + "residual2", [n1, feedForward]), LayerNormEpsilon);
    }
}
