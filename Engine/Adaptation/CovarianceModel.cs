using System.Numerics.Tensors;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// One space's centred covariance C = U·Λ·Uᵀ, decomposed once so any shrinkage
/// (1 − α)·C + α·(tr C / d)·I can be inverted or whitened by rescaling Λ.
/// </summary>
internal sealed class CovarianceModel
{
    public CovarianceModel(VectorRows rows)
    {
        Dimension = rows.Dimension;
        Mean = DenseMatrix.Mean(rows);
        var mean = Mean;
        CenteredColumns = DenseMatrix.CenteredColumns(rows, _ => mean);
        var covariance = DenseMatrix.Gram(CenteredColumns, Dimension, rows.Count, rows.Count);
        AverageVariance = DenseMatrix.Trace(covariance, Dimension) / Dimension;
        (Values, Vectors) = SymmetricEigen.Decompose(covariance, Dimension);
    }

    public int Dimension { get; }

    public double[] Mean { get; }

    /// <summary>The centred rows transposed: <see cref="Dimension"/> rows of one value per vector.</summary>
    public double[] CenteredColumns { get; }

    public double AverageVariance { get; }

    public double[] Values { get; }

    /// <summary>Eigenvectors as columns, row-major <see cref="Dimension"/> × <see cref="Dimension"/>.</summary>
    public double[] Vectors { get; }

    /// <summary>The shrunk covariance's eigenvalues raised to <paramref name="power"/> (−½ whitens, −1 inverts).</summary>
    public double[] ShrunkValuesPower(double shrinkage, double power) =>
        [.. Values.Select(v => (1 - shrinkage) * Math.Max(0, v) + shrinkage * AverageVariance).Select(v => v > 0 ? Math.Pow(v, power) : 0)];

    /// <summary>(1/n)·Σ (x − μx)(y − μy)ᵀ rotated into both eigenbases: Uxᵀ·Cxy·Uy.</summary>
    public static double[] RotatedCrossCovariance(CovarianceModel x, CovarianceModel y, int count)
    {
        var cross = new double[x.Dimension * y.Dimension];
        Parallel.For(0, x.Dimension, i =>
        {
            var a = x.CenteredColumns.AsSpan(i * count, count);
            for (var j = 0; j < y.Dimension; j++)
            {
                cross[i * y.Dimension + j] = TensorPrimitives.Dot(a, y.CenteredColumns.AsSpan(j * count, count)) / count;
            }
        });
        var left = DenseMatrix.MultiplyTransposed(x.Vectors, x.Dimension, x.Dimension, cross, y.Dimension);
        return DenseMatrix.Multiply(left, x.Dimension, y.Dimension, y.Vectors, y.Dimension);
    }
}
