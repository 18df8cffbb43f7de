using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Evaluation.Features;

/// <summary>
/// Streams float32 rows into a <c>.npy</c> file without knowing the row count up front: the header is
/// written with a provisional count and rewritten in place (same length) on <see cref="Complete"/>.
/// A writer disposed without <see cref="Complete"/> deletes its file, so no half-written dump survives.
/// </summary>
public sealed class NpyMatrixWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly int _headerLength;
    private bool _completed;

    public NpyMatrixWriter(string path, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Path = path;
        Columns = columns;
        _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var header = NpyHeader.Build(0, columns);
        _headerLength = header.Length;
        _stream.Write(header);
    }

    public string Path { get; }

    public int Columns { get; }

    public long Rows { get; private set; }

    /// <summary>Appends one row (little-endian float32, as every platform .NET runs on stores it).</summary>
    public void Append(ReadOnlySpan<float> row)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (row.Length != Columns) throw new ArgumentException($"row has {row.Length} values, the matrix {Columns}.");
        _stream.Write(MemoryMarshal.AsBytes(row));
        Rows++;
    }

    /// <summary>Writes the final shape into the header and closes the file.</summary>
    public void Complete()
    {
        if (_completed) return;
        var header = NpyHeader.Build(Rows, Columns);
        if (header.Length != _headerLength) throw new InvalidOperationException("the .npy header changed length; the row count does not fit the reserved room.");
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Flush();
        _stream.Dispose();
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        _stream.Dispose();
        _completed = true;
        File.Delete(Path);
    }

    /// <summary>Writes a whole matrix at once.</summary>
    public static void Write(string path, FeatureMatrix matrix)
    {
        using var writer = new NpyMatrixWriter(path, matrix.Columns);
        for (var r = 0; r < matrix.Rows; r++) writer.Append(matrix.Row(r));
        writer.Complete();
    }
}
