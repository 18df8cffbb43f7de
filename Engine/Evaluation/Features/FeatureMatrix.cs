namespace UmsOrleans.Engine.Evaluation.Features;

/// <summary>A row-major float32 matrix: one feature vector per row, in item order.</summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(float[] data, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (data.Length != (long)rows * columns) throw new ArgumentException($"{rows}×{columns} needs {(long)rows * columns} values, got {data.Length}.");
        Data = data;
        Rows = rows;
        Columns = columns;
    }

    public float[] Data { get; }

    public int Rows { get; }

    public int Columns { get; }

    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Side by side, row by row (Product1M: image half then title half).</summary>
    public static FeatureMatrix Concat(FeatureMatrix left, FeatureMatrix right)
    {
        if (left.Rows != right.Rows) throw new ArgumentException($"row counts differ: {left.Rows} and {right.Rows}.");
        var columns = left.Columns + right.Columns;
        var data = new float[left.Rows * columns];
        for (var r = 0; r < left.Rows; r++)
        {
            left.Row(r).CopyTo(data.AsSpan(r * columns));
            right.Row(r).CopyTo(data.AsSpan(r * columns + left.Columns));
        }
        return new FeatureMatrix(data, left.Rows, columns);
    }
}
