using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>The reference's ViT and BERT pieces against an independent DeiT reference and against hand-computed layers.</summary>
public sealed class ReferenceEncoderTests
{
    [Fact]
    public void Vit_blocks_run_as_a_plain_deit_agree_with_the_double_precision_reference()
    {
        using var tiny = TinyCheckpoint.Generate("--seed", "5");
        var config = TinyCheckpoint.Config;
        var weights = ReferenceWeights.FromSidecar(tiny.Weights);
        var vit = new ReferenceVitEncoder(weights, "", config.Heads);
        const int batch = 2;
        var imageLength = VitConfig.Channels * config.ImageSize * config.ImageSize;
        var pixels = ImportedModelMatchesReferenceTests.RandomPixels(batch * imageLength, seed: 3);

        var expected = new ReferenceVit(config, tiny.Weights).Forward(pixels, batch);

        for (var n = 0; n < batch; n++)
        {
            var tokens = vit.Patches(pixels.AsSpan(n * imageLength, imageLength));
            ReferenceMath.Add(tokens, weights["pos_embed"]);
            for (var b = 0; b < vit.Depth; b++) vit.Block(tokens, config.Tokens, b);
            var actual = ReferenceMath.L2Normalize(vit.Norm(tokens.AsSpan(0, config.Width)));
            var worst = actual.Select((v, i) => Math.Abs(v - expected[n][i])).Max();
            Assert.True(worst < 1e-5, $"image {n}: max |float reference - double reference| = {worst:E2}");
        }
        Assert.Equal(config.Depth, vit.Depth);
    }

    [Fact]
    public void Bert_layer_is_post_norm_with_scaled_attention_and_erf_gelu()
    {
        // Width 2, one head: q = k = v = x, so token 0 = [1, 0] attends to itself with e^(1/√2) / (e^(1/√2) + 1).
        var weights = TinyBert(linear2: [1, 0, 0, 0]);
        var bert = new ReferenceBertEncoder(weights, "", heads: 1);

        var output = bert.Layer([1, 0, 0, 1], rows: 2, index: 0, additiveMask: [0, 0]);

        // x + attention = [1 + p, 1 − p] with p = 0.6698 → LayerNorm → [1, −1]; linear1 = I, GELU → [Φ(1), −(1 − Φ(1))];
        // linear2 keeps channel 0: residual [1 + Φ(1), −1] = [1.8413, −1] → LayerNorm → [1, −1] → γ [2, 3], β [0.5, −0.5].
        // A pre-norm layer would return x + … = [1.67, 0.33] + …, not LayerNorm's ±γ + β.
        Assert.Equal([2.5f, -3.5f, -1.5f, 2.5f], output.Select(v => MathF.Round(v, 4)));
    }

    [Fact]
    public void Gelu_is_the_exact_erf_form()
    {
        // x·Φ(x); the tanh approximation gives −0.158808, 0.841192 and 0.345714 here, off in the fourth or fifth decimal.
        float[] values = [-1f, 1f, 0.5f];
        ReferenceMath.Gelu(values);
        Assert.Equal(-0.1586553, values[0], 2e-6);
        Assert.Equal(0.8413447, values[1], 2e-6);
        Assert.Equal(0.3457312, values[2], 2e-6);
    }

    [Fact]
    public void Padding_positions_change_nothing_the_mask_hides()
    {
        // v = −x: token 0 = [1, 0] would attend almost only to a padding token [40, −50] and take its sign.
        var weights = TinyBert(linear2: [1, 0, 0, 1], value: [-1, 0, 0, -1]);
        var bert = new ReferenceBertEncoder(weights, "", heads: 1);
        var mask = ReferenceBertEncoder.AdditiveMask([1L, 1L, 0L]);

        var first = bert.Layer([1, 0, 0, 1, 40, -50], rows: 3, index: 0, mask);
        var second = bert.Layer([1, 0, 0, 1, -3, 2], rows: 3, index: 0, mask);
        var unmasked = bert.Layer([1, 0, 0, 1, 40, -50], rows: 3, index: 0, additiveMask: [0, 0, 0]);

        Assert.Equal(first.AsSpan(0, 4).ToArray(), second.AsSpan(0, 4).ToArray());
        Assert.NotEqual(first.AsSpan(0, 4).ToArray(), unmasked.AsSpan(0, 4).ToArray());
    }

    private static ReferenceWeights TinyBert(float[] linear2, float[]? value = null)
    {
        float[] identity = [1, 0, 0, 1], zero = [0, 0];
        var tensors = new Dictionary<string, CheckpointTensor>();
        void Add(string name, int[] shape, float[] values) => tensors[name] = new CheckpointTensor(name, shape, values);
        foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
        {
            Add($"encoder.layers.0.self_attn.{projection}.weight", [2, 2], projection == "v_proj" ? value ?? identity : identity);
            Add($"encoder.layers.0.self_attn.{projection}.bias", [2], zero);
        }
        Add("encoder.layers.0.linear1.weight", [2, 2], identity);
        Add("encoder.layers.0.linear1.bias", [2], zero);
        Add("encoder.layers.0.linear2.weight", [2, 2], linear2);
        Add("encoder.layers.0.linear2.bias", [2], zero);
        Add("encoder.layers.0.norm1.weight", [2], [1, 1]);
        Add("encoder.layers.0.norm1.bias", [2], zero);
        Add("encoder.layers.0.norm2.weight", [2], [2, 3]);
        Add("encoder.layers.0.norm2.bias", [2], [0.5f, -0.5f]);
        return new ReferenceWeights(tensors);
    }
}
