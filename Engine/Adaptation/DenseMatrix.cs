using System.Numerics.Tensors;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// The float64 matrix work of training, on row-major arrays: Gram matrices, products and means. Each output
/// row is one task of a Parallel.For and each element one TensorPrimitives.Dot, so the summation order, and
/// so the result, does not depend on the thread count.
/// </summary>
internal static class DenseMatrix
{
    /// <summary>Column means of <paramref name="rows"/>.</summary>
    public static double[] Mean(VectorRows rows)
    {
        var mean = new double[rows.Dimension];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows.Row(i);
            for (var j = 0; j < mean.Length; j++) mean[j] += row[j];
        }
        for (var j = 0; j < mean.Length; j++) mean[j] /= rows.Count;
        return mean;
    }

    /// <summary>Aᵀ·A / <paramref name="divisor"/> for A given transposed (<paramref name="columns"/>: d rows of n values).</summary>
    public static double[] Gram(double[] columns, int d, int n, double divisor)
    {
        var result = new double[d * d];
        Parallel.For(0, d, i =>
        {
            var a = columns.AsSpan(i * n, n);
            for (var j = i; j < d; j++)
            {
                var value = TensorPrimitives.Dot(a, columns.AsSpan(j * n, n)) / divisor;
                result[i * d + j] = value;
                result[j * d + i] = value;
            }
        });
        return result;
    }

    /// <summary>A·B for A (m×k) and B (k×n), both row-major.</summary>
    public static double[] Multiply(double[] a, int m, int k, double[] b, int n)
    {
        var bt = Transpose(b, k, n);
        var result = new double[m * n];
        Parallel.For(0, m, i =>
        {
            var row = a.AsSpan(i * k, k);
            for (var j = 0; j < n; j++) result[i * n + j] = TensorPrimitives.Dot(row, bt.AsSpan(j * k, k));
        });
        return result;
    }

    /// <summary>Aᵀ·B for A (k×m) and B (k×n), both row-major.</summary>
    public static double[] MultiplyTransposed(double[] a, int k, int m, double[] b, int n) => Multiply(Transpose(a, k, m), m, k, b, n);

    public static double[] Transpose(double[] a, int rows, int columns)
    {
        var result = new double[a.Length];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++) result[j * rows + i] = a[i * columns + j];
        }
        return result;
    }

    /// <summary>The first <paramref name="take"/> columns of a row-major matrix with <paramref name="columns"/> columns.</summary>
    public static double[] LeadingColumns(double[] a, int rows, int columns, int take)
    {
        var result = new double[rows * take];
        for (var i = 0; i < rows; i++) a.AsSpan(i * columns, take).CopyTo(result.AsSpan(i * take, take));
        return result;
    }

    /// <summary>
    /// The rows minus a per-row offset, transposed to float64 columns (d rows of n values): the layout
    /// <see cref="Gram"/> reads. <paramref name="offsetOf"/> gives the vector to subtract from row i.
    /// </summary>
    public static double[] CenteredColumns(VectorRows rows, Func<int, double[]> offsetOf)
    {
        var d = rows.Dimension;
        var n = rows.Count;
        var columns = new double[d * n];
        for (var i = 0; i < n; i++)
        {
            var row = rows.Row(i);
            var offset = offsetOf(i);
            for (var j = 0; j < d; j++) columns[j * n + i] = row[j] - offset[j];
        }
        return columns;
    }

    /// <summary>Adds <paramref name="value"/> to the diagonal, in place.</summary>
    public static void AddToDiagonal(double[] a, int n, double value)
    {
        for (var i = 0; i < n; i++) a[i * n + i] += value;
    }

    public static double Trace(double[] a, int n)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++) sum += a[i * n + i];
        return sum;
    }
}
