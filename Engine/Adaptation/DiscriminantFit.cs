namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// Regularised LDA on one set of labeled vectors. The within-label scatter Sw is decomposed once
/// (Sw = U·Λ·Uᵀ); a shrunk Sw(α) = (1 − α)·Sw + α·t·I has the same eigenvectors, so each candidate α only
/// rescales R = Uᵀ·B (B: the weighted centred label means, Sb = B·Bᵀ) into Z = Λ(α)^−½·R and takes the leading
/// eigenvectors V of Z·Zᵀ, the generalised problem Sb·w = γ·Sw(α)·w after whitening: W = U·Λ(α)^−½·V.
/// With fewer labels than dimensions V comes from the small labels × labels matrix Zᵀ·Z.
/// </summary>
internal sealed class DiscriminantFit
{
    private readonly int _dimension;
    private readonly int _labelCount;
    private readonly double[] _mean;
    private readonly double[] _withinVectors;
    private readonly double[] _withinValues;
    private readonly double[] _rotatedMeans;
    private readonly double _averageVariance;

    public DiscriminantFit(VectorRows rows, int[] labels, int labelCount)
    {
        var d = rows.Dimension;
        var n = rows.Count;
        _dimension = d;
        _labelCount = labelCount;
        _mean = DenseMatrix.Mean(rows);
        var labelMeans = new double[labelCount][];
        var counts = new int[labelCount];
        for (var c = 0; c < labelCount; c++) labelMeans[c] = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = rows.Row(i);
            var sum = labelMeans[labels[i]];
            counts[labels[i]]++;
            for (var j = 0; j < d; j++) sum[j] += row[j];
        }
        for (var c = 0; c < labelCount; c++)
        {
            for (var j = 0; j < d; j++) labelMeans[c][j] /= Math.Max(1, counts[c]);
        }

        var within = DenseMatrix.Gram(DenseMatrix.CenteredColumns(rows, i => labelMeans[labels[i]]), d, n, n);
        (_withinValues, _withinVectors) = SymmetricEigen.Decompose(within, d);
        _averageVariance = DenseMatrix.Trace(within, d) / d;

        // B = [√(n_c / n)·(μ_c − μ)], d × labels, so Sb = Σ_c (n_c / n)·(μ_c − μ)(μ_c − μ)ᵀ = B·Bᵀ.
        var means = new double[d * labelCount];
        for (var c = 0; c < labelCount; c++)
        {
            var weight = Math.Sqrt((double)counts[c] / n);
            for (var j = 0; j < d; j++) means[j * labelCount + c] = weight * (labelMeans[c][j] - _mean[j]);
        }
        _rotatedMeans = DenseMatrix.MultiplyTransposed(_withinVectors, d, d, means, labelCount);
    }

    /// <summary>The map for shrinkage <paramref name="shrinkage"/> with <paramref name="outputDimension"/> components.</summary>
    public LinearMap Map(string sourceSpace, double shrinkage, int outputDimension)
    {
        int d = _dimension, c = _labelCount;
        var scale = new double[d];
        for (var i = 0; i < d; i++)
        {
            var variance = (1 - shrinkage) * Math.Max(0, _withinValues[i]) + shrinkage * _averageVariance;
            scale[i] = variance > 0 ? 1 / Math.Sqrt(variance) : 0;
        }
        var z = new double[d * c];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < c; j++) z[i * c + j] = scale[i] * _rotatedMeans[i * c + j];
        }
        var directions = c < d ? DirectionsFromLabelSide(z, d, c, outputDimension) : DirectionsFromDimensionSide(z, d, c, outputDimension);
        for (var i = 0; i < d; i++)
        {
            for (var k = 0; k < outputDimension; k++) directions[i * outputDimension + k] *= scale[i];
        }
        var weights = DenseMatrix.Multiply(_withinVectors, d, d, directions, outputDimension);
        return LinearMap.FromDoubles(sourceSpace, _mean, weights, outputDimension);
    }

    /// <summary>Leading eigenvectors of Z·Zᵀ as Z·u/√γ from the eigenpairs (γ, u) of Zᵀ·Z.</summary>
    private static double[] DirectionsFromLabelSide(double[] z, int d, int c, int take)
    {
        var (values, vectors) = SymmetricEigen.Decompose(DenseMatrix.MultiplyTransposed(z, d, c, z, c), c);
        var directions = DenseMatrix.Multiply(z, d, c, DenseMatrix.LeadingColumns(vectors, c, c, take), take);
        for (var k = 0; k < take; k++)
        {
            var norm = values[k] > 0 ? 1 / Math.Sqrt(values[k]) : 0;
            for (var i = 0; i < d; i++) directions[i * take + k] *= norm;
        }
        return directions;
    }

    private static double[] DirectionsFromDimensionSide(double[] z, int d, int c, int take)
    {
        var (_, vectors) = SymmetricEigen.Decompose(DenseMatrix.Multiply(z, d, c, DenseMatrix.Transpose(z, d, c), d), d);
        return DenseMatrix.LeadingColumns(vectors, d, d, take);
    }
}
