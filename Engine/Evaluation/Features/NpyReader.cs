using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Evaluation.Features;

/// <summary>Reads a C-order float32 <c>.npy</c> matrix (as numpy's <c>np.save</c> or <see cref="NpyMatrixWriter"/> writes it).</summary>
public static class NpyReader
{
    public static FeatureMatrix ReadMatrix(string path)
    {
        using var stream = File.OpenRead(path);
        var (rows, columns, offset) = NpyHeader.Parse(stream);
        var count = checked((int)(rows * columns));
        var expected = offset + (long)count * sizeof(float);
        if (stream.Length != expected) throw new InvalidDataException($"{path}: {rows}×{columns} float32 needs {expected} bytes, the file has {stream.Length}.");
        var data = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return new FeatureMatrix(data, checked((int)rows), columns);
    }
}
