using System.Numerics.Tensors;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then the
/// implicit QL algorithm (the EISPACK tred2/tql2 pair, as published in JAMA). Hand-written because the only
/// dense linear-algebra package on our feed, MathNet.Numerics 5.0.0, has had no release since 2022 and its
/// native providers are not served; the trainers need this one routine, on matrices of a few hundred rows.
/// The eigenvector matrix is kept transposed (<c>w[j][k]</c> holds JAMA's <c>V[k][j]</c>) so every O(n³)
/// loop runs along a contiguous row and goes through TensorPrimitives.
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxIterationsPerValue = 100;

    /// <summary>
    /// Eigenvalues in descending order and the matching unit eigenvectors as the columns of a row-major n×n
    /// matrix. Each vector's sign is fixed (its largest component is positive) so results are reproducible.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        if (matrix.Length != n * n) throw new ArgumentException($"expected {n}×{n} values, found {matrix.Length}.", nameof(matrix));
        var w = new double[n][];
        for (var j = 0; j < n; j++)
        {
            w[j] = new double[n];
            for (var k = 0; k < n; k++) w[j][k] = 0.5 * (matrix[k * n + j] + matrix[j * n + k]);
        }
        var d = new double[n];
        var e = new double[n];
        if (n > 0)
        {
            Tridiagonalize(w, d, e, n);
            DiagonalizeTridiagonal(w, d, e, n);
        }
        return SortDescending(w, d, n);
    }

    private static void Tridiagonalize(double[][] w, double[] d, double[] e, int n)
    {
        for (var j = 0; j < n; j++) d[j] = w[j][n - 1];
        for (var i = n - 1; i > 0; i--)
        {
            var scale = 0.0;
            var h = 0.0;
            for (var k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0.0)
            {
                e[i] = d[i - 1];
                for (var j = 0; j < i; j++)
                {
                    d[j] = w[j][i - 1];
                    w[j][i] = 0.0;
                    w[i][j] = 0.0;
                }
            }
            else
            {
                for (var k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                var f = d[i - 1];
                var g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                Array.Clear(e, 0, i);
                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    w[i][j] = f;
                    var tail = w[j].AsSpan(j + 1, i - j - 1);
                    g = e[j] + w[j][j] * f + TensorPrimitives.Dot(tail, d.AsSpan(j + 1, i - j - 1));
                    var eTail = e.AsSpan(j + 1, i - j - 1);
                    TensorPrimitives.MultiplyAdd(tail, f, eTail, eTail);
                    e[j] = g;
                }
                f = 0.0;
                for (var j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                var hh = f / (h + h);
                for (var j = 0; j < i; j++) e[j] -= hh * d[j];
                for (var j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    var row = w[j].AsSpan(j, i - j);
                    TensorPrimitives.MultiplyAdd(e.AsSpan(j, i - j), -f, row, row);
                    TensorPrimitives.MultiplyAdd(d.AsSpan(j, i - j), -g, row, row);
                    d[j] = w[j][i - 1];
                    w[j][i] = 0.0;
                }
            }
            d[i] = h;
        }

        // Accumulate the transformations.
        for (var i = 0; i < n - 1; i++)
        {
            w[i][n - 1] = w[i][i];
            w[i][i] = 1.0;
            var h = d[i + 1];
            if (h != 0.0)
            {
                var reflector = w[i + 1].AsSpan(0, i + 1);
                TensorPrimitives.Divide(reflector, h, d.AsSpan(0, i + 1));
                for (var j = 0; j <= i; j++)
                {
                    var row = w[j].AsSpan(0, i + 1);
                    var g = TensorPrimitives.Dot(reflector, row);
                    TensorPrimitives.MultiplyAdd(d.AsSpan(0, i + 1), -g, row, row);
                }
            }
            Array.Clear(w[i + 1], 0, i + 1);
        }
        for (var j = 0; j < n; j++)
        {
            d[j] = w[j][n - 1];
            w[j][n - 1] = 0.0;
        }
        w[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    private static void DiagonalizeTridiagonal(double[][] w, double[] d, double[] e, int n)
    {
        for (var i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0.0;
        var f = 0.0;
        var tst1 = 0.0;
        var eps = Math.Pow(2.0, -52.0);
        var previous = new double[n];
        for (var l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            var m = l;
            while (m < n && Math.Abs(e[m]) > eps * tst1) m++;
            if (m > l)
            {
                var iterations = 0;
                do
                {
                    if (++iterations > MaxIterationsPerValue) throw new ArithmeticException("the symmetric eigen-decomposition did not converge.");
                    var g = d[l];
                    var p = (d[l + 1] - g) / (2.0 * e[l]);
                    var r = Hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    var dl1 = d[l + 1];
                    var h = g - d[l];
                    for (var i = l + 2; i < n; i++) d[i] -= h;
                    f += h;

                    p = d[m];
                    var c = 1.0;
                    var c2 = c;
                    var c3 = c;
                    var el1 = e[l + 1];
                    var s = 0.0;
                    var s2 = 0.0;
                    for (var i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        Rotate(w[i], w[i + 1], previous, c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0.0;
        }
    }

    /// <summary>(a, b) ← (c·a − s·b, s·a + c·b), elementwise; <paramref name="scratch"/> keeps the old b.</summary>
    private static void Rotate(double[] a, double[] b, double[] scratch, double c, double s)
    {
        b.CopyTo(scratch, 0);
        TensorPrimitives.Multiply(b, c, b);
        TensorPrimitives.MultiplyAdd(a, s, b, b);
        TensorPrimitives.Multiply(a, c, a);
        TensorPrimitives.MultiplyAdd(scratch, -s, a, a);
    }

    private static (double[] Values, double[] Vectors) SortDescending(double[][] w, double[] d, int n)
    {
        var order = Enumerable.Range(0, n).OrderByDescending(i => d[i]).ThenBy(i => i).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (var c = 0; c < n; c++)
        {
            var vector = w[order[c]];
            values[c] = d[order[c]];
            var sign = vector[TensorPrimitives.IndexOfMaxMagnitude(vector)] < 0 ? -1.0 : 1.0;
            for (var r = 0; r < n; r++) vectors[r * n + c] = sign * vector[r];
        }
        return (values, vectors);
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        if (a > b)
        {
            var ratio = b / a;
            return a * Math.Sqrt(1 + ratio * ratio);
        }
        if (b == 0) return 0;
        var inverse = a / b;
        return b * Math.Sqrt(1 + inverse * inverse);
    }
}
