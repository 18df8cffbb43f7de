using System.Numerics.Tensors;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// The few float operations the reference forward pass needs, on row-major matrices [rows × columns]. Fast enough for
/// full-size models (a ViT-B sample in seconds), but written as plain loops over spans, not as a graph.
/// </summary>
public static class ReferenceMath
{
    // Rows that share one pass over a weight matrix: each weight row is read once per block, not once per token.
    private const int RowBlock = 16;

    /// <summary>y = x·W (+ b) with W stored [in, out] as Paddle's Linear does.</summary>
    public static float[] Linear(float[] x, int rows, float[] weight, int inputs, int outputs, float[]? bias)
    {
        if (x.Length != rows * inputs || weight.Length != inputs * outputs)
        {
            throw new ArgumentException($"Linear: x {x.Length} for {rows}×{inputs}, weight {weight.Length} for {inputs}×{outputs}");
        }
        var y = new float[rows * outputs];
        Parallel.For(0, (rows + RowBlock - 1) / RowBlock, block =>
        {
            int start = block * RowBlock, end = Math.Min(rows, start + RowBlock);
            for (var r = start; r < end; r++) bias?.CopyTo(y, r * outputs);
            for (var i = 0; i < inputs; i++)
            {
                var weightRow = weight.AsSpan(i * outputs, outputs);
                for (var r = start; r < end; r++)
                {
                    var yRow = y.AsSpan(r * outputs, outputs);
                    TensorPrimitives.MultiplyAdd(weightRow, x[r * inputs + i], yRow, yRow);
                }
            }
        });
        return y;
    }

    /// <summary>LayerNorm over each row, in place; mean and variance in double.</summary>
    public static void LayerNorm(float[] x, int rows, float[] gamma, float[] beta, double epsilon)
    {
        var width = gamma.Length;
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * width, width);
            double mean = 0, variance = 0;
            foreach (var v in row) mean += v;
            mean /= width;
            foreach (var v in row) variance += (v - mean) * (v - mean);
            var inverse = 1.0 / Math.Sqrt(variance / width + epsilon);
            for (var i = 0; i < width; i++) row[i] = (float)((row[i] - mean) * inverse * gamma[i] + beta[i]);
        }
    }

    /// <summary>Exact (erf) GELU, in place.</summary>
    public static void Gelu(float[] x)
    {
        for (var i = 0; i < x.Length; i++) x[i] = (float)(0.5 * x[i] * (1.0 + Erf(x[i] / Math.Sqrt(2.0))));
    }

    /// <summary>
    /// Multi-head attention: q, k, v are [rows × width] with channel = head·headDim + d (head-major); scores are
    /// q·k / √headDim plus <paramref name="additiveMask"/>[key] when given. Returns the heads merged head-major.
    /// </summary>
    public static float[] Attention(float[] q, float[] k, float[] v, int rows, int heads, float[]? additiveMask)
    {
        var width = q.Length / rows;
        var headDim = width / heads;
        var scale = (float)(1.0 / Math.Sqrt(headDim));
        var merged = new float[rows * width];
        Parallel.For(0, heads, h =>
        {
            float[] qh = Head(q, rows, width, h, headDim), kh = Head(k, rows, width, h, headDim), vh = Head(v, rows, width, h, headDim);
            var scores = new float[rows];
            var output = new float[headDim];
            for (var t = 0; t < rows; t++)
            {
                var query = qh.AsSpan(t * headDim, headDim);
                for (var s = 0; s < rows; s++)
                {
                    scores[s] = TensorPrimitives.Dot(query, kh.AsSpan(s * headDim, headDim)) * scale + (additiveMask?[s] ?? 0f);
                }
                Softmax(scores);
                Array.Clear(output);
                for (var s = 0; s < rows; s++)
                {
                    TensorPrimitives.MultiplyAdd(vh.AsSpan(s * headDim, headDim), scores[s], output, output);
                }
                output.CopyTo(merged, t * width + h * headDim);
            }
        });
        return merged;
    }

    /// <summary>x / ‖x‖ (no epsilon, as <c>paddle.norm</c> division in the heads).</summary>
    public static float[] L2Normalize(float[] x)
    {
        var length = Math.Sqrt(x.Sum(v => (double)v * v));
        return [.. x.Select(v => (float)(v / length))];
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(aa * bb);
    }

    public static void Add(float[] x, ReadOnlySpan<float> delta) => TensorPrimitives.Add(x, delta, x);

    private static float[] Head(float[] x, int rows, int width, int head, int headDim)
    {
        var result = new float[rows * headDim];
        for (var t = 0; t < rows; t++) x.AsSpan(t * width + head * headDim, headDim).CopyTo(result.AsSpan(t * headDim));
        return result;
    }

    private static void Softmax(Span<float> scores)
    {
        var max = TensorPrimitives.Max(scores);
        double total = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MathF.Exp(scores[i] - max);
            total += scores[i];
        }
        for (var i = 0; i < scores.Length; i++) scores[i] = (float)(scores[i] / total);
    }

    /// <summary>erf by Abramowitz &amp; Stegun 7.1.26 (absolute error below 1.5e-7).</summary>
    public static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.3275911 * x);
        var poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return sign * (1.0 - poly * Math.Exp(-x * x));
    }
}
