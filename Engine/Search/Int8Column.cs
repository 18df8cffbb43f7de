namespace UmsOrleans.Engine.Search;

/// <summary>
/// 8-bit codes of one vector column, in the same <see cref="RowBlocks{T}"/> as the float32 column they shadow.
/// Calibration is per dimension: x ≈ min[d] + step[d] · code, with min/max taken from the column's own data.
/// Per dimension rather than one global range because embedding dimensions differ widely in spread (a few
/// carry most of the variance), and a global range would spend most of the 256 levels on empty space in the
/// narrow ones; the per-dimension step costs nothing at query time, it is folded into the query.
/// The shard's data grows, so the column recalibrates (re-encodes every row from the float32 copy) whenever
/// the row count doubled since the last calibration or more than 1 in 1,000 encoded values had to be clamped:
/// amortised O(1) work per row. Values outside the range are clamped; the float32 rescore repairs their scores.
/// </summary>
internal sealed class Int8Column(int dimension) : RowBlocks<byte>(dimension)
{
    private float[] _min = new float[dimension];
    private readonly float[] _step = new float[dimension];
    private int _calibratedRows;
    private long _encodedSinceCalibration;
    private long _clampedSinceCalibration;

    /// <summary>Encodes row <paramref name="slot"/> from its float32 values, recalibrating the whole column when due.</summary>
    public void Encode(int slot, ReadOnlySpan<float> values, VectorColumn source, int rows)
    {
        if (rows >= 2 * _calibratedRows || _clampedSinceCalibration * 1000 > _encodedSinceCalibration * Dimension)
        {
            Calibrate(source, rows);
            return;
        }
        EncodeRow(values, Row(slot));
    }

    /// <summary>
    /// The query in code space for this column: score ≈ offset + scale · Σ code · query16.
    /// Folds the per-dimension step into the query and the per-dimension minimum into the offset.
    /// </summary>
    public (short[] Query, float Scale, float Offset) PrepareQuery(ReadOnlySpan<float> query)
    {
        var folded = new float[Dimension];
        double offset = 0;
        var largest = 0f;
        for (var d = 0; d < Dimension; d++)
        {
            folded[d] = query[d] * _step[d];
            offset += (double)query[d] * _min[d];
            largest = Math.Max(largest, Math.Abs(folded[d]));
        }
        var codes = new short[Dimension];
        if (largest == 0f) return (codes, 0f, (float)offset);
        var scale = largest / Int8Kernel.QueryLimit(Dimension);
        for (var d = 0; d < Dimension; d++) codes[d] = (short)MathF.Round(folded[d] / scale);
        return (codes, scale, (float)offset);
    }

    private void Calibrate(VectorColumn source, int rows)
    {
        var min = new float[Dimension];
        var max = new float[Dimension];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (var slot = 0; slot < rows; slot++)
        {
            var row = source.Row(slot);
            for (var d = 0; d < Dimension; d++)
            {
                min[d] = Math.Min(min[d], row[d]);
                max[d] = Math.Max(max[d], row[d]);
            }
        }
        for (var d = 0; d < Dimension; d++)
        {
            if (rows == 0) { min[d] = 0; max[d] = 0; }
            _step[d] = (max[d] - min[d]) / 255f;
        }
        _min = min;
        _calibratedRows = Math.Max(rows, 1);
        _encodedSinceCalibration = 0;
        _clampedSinceCalibration = 0;
        for (var slot = 0; slot < rows; slot++) EncodeRow(source.Row(slot), Row(slot));
    }

    private void EncodeRow(ReadOnlySpan<float> values, Span<byte> codes)
    {
        _encodedSinceCalibration++;
        for (var d = 0; d < Dimension; d++)
        {
            var level = _step[d] > 0f ? MathF.Round((values[d] - _min[d]) / _step[d]) : 0f;
            if (level < 0f || level > 255f)
            {
                _clampedSinceCalibration++;
                level = Math.Clamp(level, 0f, 255f);
            }
            codes[d] = (byte)level;
        }
    }
}
