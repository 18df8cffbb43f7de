namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// paddlenlp's BertModel of spec §1.2 at <paramref name="prefix"/>: word + position + token-type (0) embeddings, then
/// post-LayerNorm layers (eps 1e-12, separate q/k/v projections, exact GELU) under an additive padding mask.
/// </summary>
public sealed class ReferenceBertEncoder(ReferenceWeights weights, string prefix, int heads)
{
    public const double Epsilon = 1e-12;

    public int Width { get; } = weights.Shape(prefix + "encoder.layers.0.norm1.weight")[0];

    public int Depth { get; } = weights.CountLayers(prefix + "encoder.layers.", "norm1.weight");

    /// <summary>(1 − m)·(−1e4) per key position.</summary>
    public static float[] AdditiveMask(IEnumerable<long> mask) => [.. mask.Select(m => (1 - m) * -1e4f)];

    /// <summary>Embedding rows for <paramref name="ids"/> at positions 0..L−1, token type 0, after the embedding LayerNorm.</summary>
    public float[] Embed(IReadOnlyList<long> ids)
    {
        float[] words = weights[prefix + "embeddings.word_embeddings.weight"], positions = weights[prefix + "embeddings.position_embeddings.weight"];
        var tokenType = weights[prefix + "embeddings.token_type_embeddings.weight"].AsSpan(0, Width);
        var x = new float[ids.Count * Width];
        for (var t = 0; t < ids.Count; t++)
        {
            var row = x.AsSpan(t * Width, Width);
            words.AsSpan(checked((int)ids[t]) * Width, Width).CopyTo(row);
            for (var i = 0; i < Width; i++) row[i] += positions[t * Width + i] + tokenType[i];
        }
        weights.LayerNorm(x, ids.Count, prefix + "embeddings.layer_norm.", Epsilon);
        return x;
    }

    /// <summary>Layer <paramref name="index"/> on [rows × width]; returns the new rows.</summary>
    public float[] Layer(float[] x, int rows, int index, float[] additiveMask)
    {
        var p = $"{prefix}encoder.layers.{index}.";
        float[] q = weights.Linear(x, rows, p + "self_attn.q_proj."), k = weights.Linear(x, rows, p + "self_attn.k_proj."),
            v = weights.Linear(x, rows, p + "self_attn.v_proj.");
        var attended = weights.Linear(ReferenceMath.Attention(q, k, v, rows, heads, additiveMask), rows, p + "self_attn.out_proj.");
        ReferenceMath.Add(attended, x);
        weights.LayerNorm(attended, rows, p + "norm1.", Epsilon);

        var hidden = weights.Linear(attended, rows, p + "linear1.");
        ReferenceMath.Gelu(hidden);
        var output = weights.Linear(hidden, rows, p + "linear2.");
        ReferenceMath.Add(output, attended);
        weights.LayerNorm(output, rows, p + "norm2.", Epsilon);
        return output;
    }
}
