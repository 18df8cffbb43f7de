using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Tests.Adaptation;

public sealed class SymmetricEigenTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(64)]
    public void Random_symmetric_matrices_are_reconstructed_by_orthonormal_eigenvectors(int n)
    {
        var random = new Random(n);
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++) matrix[i * n + j] = matrix[j * n + i] = random.NextDouble() * 2 - 1;
        }

        var (values, vectors) = SymmetricEigen.Decompose(matrix, n);

        for (var c = 1; c < n; c++) Assert.True(values[c - 1] >= values[c], "eigenvalues must come in descending order");
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                var dot = 0.0;
                for (var r = 0; r < n; r++) dot += vectors[r * n + a] * vectors[r * n + b];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-9);
            }
            // A·v = λ·v for every eigenpair.
            for (var r = 0; r < n; r++)
            {
                var product = 0.0;
                for (var k = 0; k < n; k++) product += matrix[r * n + k] * vectors[k * n + a];
                Assert.Equal(values[a] * vectors[r * n + a], product, 1e-9);
            }
        }
    }

    [Fact]
    public void A_known_spectrum_with_repeated_and_zero_values_is_found()
    {
        // Q·diag(5, 2, 2, 0)·Qᵀ for a rotation Q mixing all four axes.
        double[] spectrum = [5, 2, 2, 0];
        var q = Rotation4();
        var matrix = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                for (var k = 0; k < 4; k++) matrix[i * 4 + j] += q[i, k] * spectrum[k] * q[j, k];
            }
        }

        var (values, _) = SymmetricEigen.Decompose(matrix, 4);

        for (var i = 0; i < 4; i++) Assert.Equal(spectrum[i], values[i], 1e-12);
    }

    [Fact]
    public void The_zero_matrix_gives_zero_values_and_the_identity()
    {
        var (values, vectors) = SymmetricEigen.Decompose(new double[9], 3);

        Assert.All(values, v => Assert.Equal(0, v));
        for (var i = 0; i < 3; i++) Assert.Equal(1, Math.Abs(vectors[i * 3 + i]));
    }

    private static double[,] Rotation4()
    {
        // Householder reflection I − 2·u·uᵀ with u = (1, 2, 3, 4)/√30: orthogonal, dense.
        double[] u = [1, 2, 3, 4];
        var q = new double[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++) q[i, j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / 30;
        }
        return q;
    }
}
