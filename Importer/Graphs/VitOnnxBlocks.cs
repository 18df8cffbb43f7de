using static UmsOrleans.Importer.OnnxGraphBuilder;

namespace UmsOrleans.Importer.Graphs;

/// <summary>timm-layout ViT pieces (spec §1.1): patch embedding with the cls token, and the pre-norm block.</summary>
internal static class VitOnnxBlocks
{
    public const float LayerNormEpsilon = 1e-6f;

    /// <summary>
    /// Conv patch embedding <c>{prefix}patch_embed.proj</c> (patch index = row·grid + col) with
    /// <c>{prefix}cls_token</c> in front: [batch, 1 + patches, width], before any position embedding.
    /// </summary>
    public static string ClsAndPatches(OnnxGraphBuilder g, GraphWeights w, string prefix, string pixels, string batchSize,
                                       int patchSize, int width)
    {
        var patches = g.Node("Conv", prefix + "patch_embed.out", [pixels, w[prefix + "patch_embed.proj.weight"], w[prefix + "patch_embed.proj.bias"]],
            Ints("kernel_shape", patchSize, patchSize), Ints("strides", patchSize, patchSize));
        var flat = g.Node("Reshape", prefix + "patch_embed.flat", [patches, g.Int64s(prefix + "shape_b_width_tokens", 0, width, -1)]);
        var tokens = g.Node("Transpose", prefix + "patch_tokens", [flat], Ints("perm", 0, 2, 1));
        var cls = OnnxLayers.ExpandOverBatch(g, w[prefix + "cls_token"], batchSize, width, prefix + "cls_tokens");
        return g.Node("Concat", prefix + "tokens", [cls, tokens], Int("axis", 1));
    }

    /// <summary>One pre-norm block <c>{p}</c>: x += proj(attn(norm1(x))); x += fc2(gelu(fc1(norm2(x)))). The fused
    /// qkv output splits as which·width + head·head_dim + d (q | k | v, head-major).</summary>
    public static string Block(OnnxGraphBuilder g, GraphConstants c, GraphWeights w, string p, string x)
    {
        var n1 = OnnxLayers.LayerNorm(g, w, p + "norm1.", x, LayerNormEpsilon);
        var qkv = OnnxLayers.Linear(g, w, p + "attn.qkv", n1);
        var split = g.Node("Reshape", p + "attn.qkv_split", [qkv, c.QkvShape]);
        var heads = g.Node("Transpose", p + "attn.qkv_heads", [split], Ints("perm", 2, 0, 3, 1, 4)); // [3, B, H, T, hd]
        var q = g.Node("Gather", p + "attn.q", [heads, c.Index0], Int("axis", 0));
        var k = g.Node("Gather", p + "attn.k", [heads, c.Index1], Int("axis", 0));
        var v = g.Node("Gather", p + "attn.v", [heads, c.Index2], Int("axis", 0));
        var merged = OnnxLayers.Attention(g, c, p + "attn.", q, k, v, additiveMask: null);
        var attention = OnnxLayers.Linear(g, w, p + "attn.proj", merged);
        var afterAttention = g.Node("Add", p + "residual1", [x, attention]);

        var n2 = OnnxLayers.LayerNorm(g, w, p + "norm2.", afterAttention, LayerNormEpsilon);
        var hidden = OnnxLayers.Gelu(g, c, p + "mlp.gelu", OnnxLayers.Linear(g, w, p + "mlp.fc1", n2));
        var mlp = OnnxLayers.Linear(g, w, p + "mlp.fc2", hidden);
        return g.Node("Add", p + "residual2", [afterAttention, mlp]);
    }
}
