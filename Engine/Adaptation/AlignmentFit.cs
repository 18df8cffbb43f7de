namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// The covariances of paired photo and text vectors, decomposed once, and the maps each candidate
/// regularisation gives: CCA (both spaces whitened, then the singular vectors of the whitened
/// cross-covariance, components weighted by their canonical correlation) or ridge (text regressed onto the
/// centred photo vector; photos only centred).
/// </summary>
internal sealed class AlignmentFit
{
    private const double NegligibleCorrelation = 1e-6;

    private readonly CovarianceModel _photos;
    private readonly CovarianceModel _texts;
    private readonly double[] _rotatedCross;

    public AlignmentFit(VectorRows photos, VectorRows texts)
    {
        _photos = new CovarianceModel(photos);
        _texts = new CovarianceModel(texts);
        _rotatedCross = CovarianceModel.RotatedCrossCovariance(_photos, _texts, photos.Count);
    }

    public (LinearMap Photo, LinearMap Text) Map(AlignmentOptions options, double regularisation) => options.Method switch
    {
        AlignmentMethod.Cca => Cca(options, regularisation),
        AlignmentMethod.Ridge => Ridge(options, regularisation),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "unknown alignment method."),
    };

    private (LinearMap, LinearMap) Cca(AlignmentOptions options, double regularisation)
    {
        int dx = _photos.Dimension, dy = _texts.Dimension;
        var sx = _photos.ShrunkValuesPower(regularisation, -0.5);
        var sy = _texts.ShrunkValuesPower(regularisation, -0.5);
        var t = new double[dx * dy];
        for (var i = 0; i < dx; i++)
        {
            for (var j = 0; j < dy; j++) t[i * dy + j] = sx[i] * _rotatedCross[i * dy + j] * sy[j];
        }
        // The singular vectors of T from the eigenvectors of the smaller of TᵀT and TTᵀ.
        var textSide = dy <= dx;
        var small = textSide ? dy : dx;
        var gram = textSide
            ? DenseMatrix.MultiplyTransposed(t, dx, dy, t, dy)
            : DenseMatrix.Multiply(t, dx, dy, DenseMatrix.Transpose(t, dx, dy), dx);
        var (squares, vectors) = SymmetricEigen.Decompose(gram, small);
        var first = Math.Sqrt(Math.Max(0, squares[0]));
        var k = 0;
        while (k < Math.Min(small, options.MaxDimension) && Math.Sqrt(Math.Max(0, squares[k])) > NegligibleCorrelation * first) k++;
        if (k == 0) throw new ArithmeticException("the photo and text vectors are uncorrelated: no shared component.");
        var sigma = squares.Take(k).Select(Math.Sqrt).ToArray();
        var known = DenseMatrix.LeadingColumns(vectors, small, small, k);
        // The other side's vectors: A = T·B·Σ⁻¹ (or B = Tᵀ·A·Σ⁻¹).
        var other = textSide ? DenseMatrix.Multiply(t, dx, dy, known, k) : DenseMatrix.MultiplyTransposed(t, dx, dy, known, k);
        var otherRows = textSide ? dx : dy;
        for (var r = 0; r < otherRows; r++)
        {
            for (var c = 0; c < k; c++) other[r * k + c] /= sigma[c];
        }
        var (photoDirections, textDirections) = textSide ? (other, known) : (known, other);
        return (
            Project(_photos, sx, photoDirections, sigma, options.PhotoSpace),
            Project(_texts, sy, textDirections, sigma, options.TextSpace));
    }

    /// <summary>W = U·diag(s)·D·diag(σ): from whitened directions D back to the space's own coordinates.</summary>
    private static LinearMap Project(CovarianceModel space, double[] scale, double[] directions, double[] sigma, string sourceSpace)
    {
        var d = space.Dimension;
        var k = sigma.Length;
        var scaled = new double[d * k];
        for (var i = 0; i < d; i++)
        {
            for (var c = 0; c < k; c++) scaled[i * k + c] = scale[i] * directions[i * k + c] * sigma[c];
        }
        return LinearMap.FromDoubles(sourceSpace, space.Mean, DenseMatrix.Multiply(space.Vectors, d, d, scaled, k), k);
    }

    private (LinearMap, LinearMap) Ridge(AlignmentOptions options, double regularisation)
    {
        int dx = _photos.Dimension, dy = _texts.Dimension;
        // W = (Cyy(α))⁻¹·Cyx = Uy·Λy(α)⁻¹·(Uxᵀ·Cxy·Uy)ᵀ·Uxᵀ.
        var inverse = _texts.ShrunkValuesPower(regularisation, -1);
        var middle = DenseMatrix.Transpose(_rotatedCross, dx, dy);
        for (var i = 0; i < dy; i++)
        {
            for (var j = 0; j < dx; j++) middle[i * dx + j] *= inverse[i];
        }
        var left = DenseMatrix.Multiply(_texts.Vectors, dy, dy, middle, dx);
        var textWeights = DenseMatrix.Multiply(left, dy, dx, DenseMatrix.Transpose(_photos.Vectors, dx, dx), dx);
        var identity = new double[dx * dx];
        for (var i = 0; i < dx; i++) identity[i * dx + i] = 1;
        return (
            LinearMap.FromDoubles(options.PhotoSpace, _photos.Mean, identity, dx),
            LinearMap.FromDoubles(options.TextSpace, _texts.Mean, textWeights, dx));
    }
}
