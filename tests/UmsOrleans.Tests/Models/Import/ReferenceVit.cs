using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import;

/// <summary>
/// An independent forward pass of the UMS / DeiT image encoder in plain double-precision loops, written from
/// EVAL_SPEC ("Models behind those numbers") rather than from the ONNX graph: pre-norm blocks, fused qkv split
/// as (3, heads, headDim), softmax(q·kᵀ / √headDim), exact GELU, LayerNorm eps 1e-6, final LayerNorm, cls
/// token, L2 normalisation. Linear weights are Paddle's [in, out]; the patch conv is [out, in, kh, kw].
/// </summary>
public sealed class ReferenceVit(VitConfig config, IReadOnlyDictionary<string, SidecarTensor> weights)
{
    private double[] W(string name) => weights[name].Values;

    /// <summary>Embeds each image of <paramref name="pixels"/> ([batch, 3, size, size], row-major).</summary>
    public double[][] Forward(float[] pixels, int batch)
    {
        var result = new double[batch][];
        var imageLength = VitConfig.Channels * config.ImageSize * config.ImageSize;
        for (var n = 0; n < batch; n++)
        {
            result[n] = EmbedOne(pixels.AsSpan(n * imageLength, imageLength));
        }
        return result;
    }

    private double[] EmbedOne(ReadOnlySpan<float> image)
    {
        var x = Tokens(image);
        for (var b = 0; b < config.Depth; b++)
        {
            var p = $"blocks.{b}.";
            var attention = Attention(LayerNorm(x, p + "norm1."), p + "attn.");
            Accumulate(x, attention);
            var hidden = Linear(LayerNorm(x, p + "norm2."), p + "mlp.fc1.");
            foreach (var row in hidden)
            {
                for (var i = 0; i < row.Length; i++) row[i] = 0.5 * row[i] * (1.0 + Vl.ReferenceMath.Erf(row[i] / Math.Sqrt(2.0)));
            }
            Accumulate(x, Linear(hidden, p + "mlp.fc2."));
        }
        var cls = LayerNorm(x, "norm.")[0];
        var length = Math.Sqrt(cls.Sum(v => v * v));
        return [.. cls.Select(v => v / Math.Max(length, 1e-12))];
    }

    /// <summary>[cls, patch 0, patch 1, …] + position embedding; patches in row-major grid order.</summary>
    private double[][] Tokens(ReadOnlySpan<float> image)
    {
        int d = config.Width, p = config.PatchSize, grid = config.PatchesPerSide, size = config.ImageSize;
        double[] conv = W("patch_embed.proj.weight"), convBias = W("patch_embed.proj.bias"), pos = W("pos_embed");
        var tokens = new double[config.Tokens][];
        tokens[0] = [.. W("cls_token")];
        for (var gy = 0; gy < grid; gy++)
        for (var gx = 0; gx < grid; gx++)
        {
            var token = new double[d];
            for (var o = 0; o < d; o++)
            {
                var sum = convBias[o];
                for (var c = 0; c < VitConfig.Channels; c++)
                for (var ky = 0; ky < p; ky++)
                for (var kx = 0; kx < p; kx++)
                {
                    sum += conv[((o * VitConfig.Channels + c) * p + ky) * p + kx]
                         * image[(c * size + gy * p + ky) * size + gx * p + kx];
                }
                token[o] = sum;
            }
            tokens[1 + gy * grid + gx] = token;
        }
        for (var t = 0; t < tokens.Length; t++)
        for (var i = 0; i < d; i++)
        {
            tokens[t][i] += pos[t * d + i];
        }
        return tokens;
    }

    private double[][] Attention(double[][] x, string prefix)
    {
        int tokens = x.Length, d = config.Width, headDim = config.HeadDim;
        var qkv = Linear(x, prefix + "qkv."); // column j = part·d + head·headDim + i, part 0/1/2 = q/k/v
        var merged = new double[tokens][];
        for (var t = 0; t < tokens; t++) merged[t] = new double[d];
        var scale = 1.0 / Math.Sqrt(headDim);
        for (var h = 0; h < config.Heads; h++)
        {
            for (var t = 0; t < tokens; t++)
            {
                var scores = new double[tokens];
                for (var s = 0; s < tokens; s++)
                {
                    var dot = 0.0;
                    for (var i = 0; i < headDim; i++) dot += qkv[t][h * headDim + i] * qkv[s][d + h * headDim + i];
                    scores[s] = dot * scale;
                }
                var max = scores.Max();
                var exps = scores.Select(v => Math.Exp(v - max)).ToArray();
                var total = exps.Sum();
                for (var s = 0; s < tokens; s++)
                for (var i = 0; i < headDim; i++)
                {
                    merged[t][h * headDim + i] += exps[s] / total * qkv[s][2 * d + h * headDim + i];
                }
            }
        }
        return Linear(merged, prefix + "proj.");
    }

    /// <summary>y = x·W + b with W stored [in, out].</summary>
    private double[][] Linear(double[][] x, string prefix)
    {
        double[] weight = W(prefix + "weight"), bias = W(prefix + "bias");
        int inputs = weights[prefix + "weight"].Shape[0], outputs = weights[prefix + "weight"].Shape[1];
        return [.. x.Select(row =>
        {
            var y = (double[])bias.Clone();
            for (var i = 0; i < inputs; i++)
            for (var o = 0; o < outputs; o++)
            {
                y[o] += row[i] * weight[i * outputs + o];
            }
            return y;
        })];
    }

    private double[][] LayerNorm(double[][] x, string prefix)
    {
        double[] gamma = W(prefix + "weight"), beta = W(prefix + "bias");
        return [.. x.Select(row =>
        {
            var mean = row.Average();
            var variance = row.Sum(v => (v - mean) * (v - mean)) / row.Length;
            var inv = 1.0 / Math.Sqrt(variance + VitConfig.LayerNormEpsilon);
            return row.Select((v, i) => (v - mean) * inv * gamma[i] + beta[i]).ToArray();
        })];
    }

    private static void Accumulate(double[][] x, double[][] delta)
    {
        for (var t = 0; t < x.Length; t++)
        for (var i = 0; i < x[t].Length; i++)
        {
            x[t][i] += delta[t][i];
        }
    }
}
