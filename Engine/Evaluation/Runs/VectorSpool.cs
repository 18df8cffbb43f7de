using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// Query vectors parked in a temporary file between encoding and search, so a run holds one batch of them
/// in memory, not all. Fixed-width float32 rows; deleted on dispose.
/// </summary>
public sealed class VectorSpool : IDisposable
{
    private readonly FileStream _stream;

    public VectorSpool(int width)
    {
        Width = width;
        _stream = new FileStream(Path.Combine(Path.GetTempPath(), $"ums-eval-spool-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    public int Width { get; }

    public int Rows { get; private set; }

    public void Append(ReadOnlySpan<float> row)
    {
        if (row.Length != Width) throw new ArgumentException($"row has {row.Length} values, the spool {Width}.");
        _stream.Write(MemoryMarshal.AsBytes(row));
        Rows++;
    }

    /// <summary>Rows [start, start + count) as one array.</summary>
    public float[] Read(int start, int count)
    {
        _stream.Flush();
        var data = new float[count * Width];
        _stream.Position = (long)start * Width * sizeof(float);
        _stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        _stream.Seek(0, SeekOrigin.End);
        return data;
    }

    public void Dispose() => _stream.Dispose();
}
