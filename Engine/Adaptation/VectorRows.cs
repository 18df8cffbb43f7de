namespace UmsOrleans.Engine.Adaptation;

/// <summary>Vectors of one space as the rows of a row-major matrix: <see cref="Count"/> rows of <see cref="Dimension"/> floats.</summary>
public sealed class VectorRows
{
    public VectorRows(float[] data, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (data.Length % dimension != 0) throw new ArgumentException($"{data.Length} values are not whole rows of {dimension}.", nameof(data));
        Data = data;
        Dimension = dimension;
    }

    public float[] Data { get; }

    public int Dimension { get; }

    public int Count => Data.Length / Dimension;

    public ReadOnlySpan<float> Row(int index) => Data.AsSpan(index * Dimension, Dimension);

    /// <summary>Copies the rows into one matrix; every row must have the same length.</summary>
    public static VectorRows From(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("no vectors were given.", nameof(rows));
        var dimension = rows[0].Length;
        var data = new float[rows.Count * dimension];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimension) throw new ArgumentException($"vector {i} has {rows[i].Length} values, vector 0 has {dimension}.", nameof(rows));
            rows[i].CopyTo(data, i * dimension);
        }
        return new VectorRows(data, dimension);
    }

    /// <summary>The rows at the given positions, in that order.</summary>
    public VectorRows Select(IReadOnlyList<int> indices)
    {
        var data = new float[indices.Count * Dimension];
        for (var i = 0; i < indices.Count; i++) Row(indices[i]).CopyTo(data.AsSpan(i * Dimension, Dimension));
        return new VectorRows(data, Dimension);
    }
}
