namespace UmsOrleans.Importer.Pickle;

/// <summary>
/// What a pickled <c>numpy.ndarray</c> becomes. numpy reduces an array to
/// <c>_reconstruct(ndarray, (0,), b'b')</c> followed by the state
/// <c>(version, shape, dtype, is_fortran, raw bytes)</c>; with protocol 5 it may instead be
/// <c>_frombuffer(bytes, dtype, shape, order)</c>, which <see cref="FromBuffer"/> builds.
/// </summary>
internal sealed class NumpyArray
{
    public int[] Shape { get; private set; } = [];

    public NumpyDtype? Dtype { get; private set; }

    public bool FortranOrder { get; private set; }

    public byte[] Raw { get; private set; } = [];

    public static NumpyArray FromBuffer(byte[] raw, NumpyDtype dtype, int[] shape, bool fortranOrder) =>
        new() { Raw = raw, Dtype = dtype, Shape = shape, FortranOrder = fortranOrder };

    public void __setstate__(object[] state)
    {
        // Version 1 states lead with the version number; the oldest ones have no version.
        var offset = state.Length == 5 ? 1 : 0;
        if (state.Length - offset != 4)
        {
            throw new CheckpointImportException($"a numpy array state has {state.Length} fields, expected 5");
        }
        Shape = PickleValues.ToShape(state[offset]);
        Dtype = state[offset + 1] as NumpyDtype
            ?? throw new CheckpointImportException($"a numpy array's dtype is a {state[offset + 1]?.GetType().Name ?? "None"}");
        FortranOrder = state[offset + 2] is true;
        Raw = PickleValues.ToBytes(state[offset + 3])
            ?? throw new CheckpointImportException($"a numpy array of dtype {Dtype} holds Python objects, not numbers");
    }

    /// <summary>The values as float32 in row-major order, or null with the reason they cannot be.</summary>
    public float[]? ToFloat32(out string? unsupportedReason)
    {
        unsupportedReason = null;
        if (Dtype is null || !Dtype.IsSupported)
        {
            unsupportedReason = $"dtype {Dtype?.ToString() ?? "unknown"} is not a supported number type";
            return null;
        }
        long count = 1;
        foreach (var dim in Shape)
        {
            count *= dim;
        }
        if (count * Dtype.ItemSize != Raw.LongLength)
        {
            unsupportedReason = $"holds {Raw.LongLength} bytes, but shape {CheckpointTensor.FormatShape(Shape)} of {Dtype} needs {count * Dtype.ItemSize}";
            return null;
        }
        var values = new float[count];
        var size = Dtype.ItemSize;
        if (Dtype.Code == "f4" && !Dtype.BigEndian && BitConverter.IsLittleEndian)
        {
            Buffer.BlockCopy(Raw, 0, values, 0, Raw.Length);
        }
        else
        {
            var raw = Raw.AsSpan();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Dtype.Read(raw.Slice(i * size, size));
            }
        }
        return FortranOrder && Shape.Length > 1 ? ToRowMajor(values, Shape) : values;
    }

    private static float[] ToRowMajor(float[] columnMajor, int[] shape)
    {
        var result = new float[columnMajor.Length];
        var index = new int[shape.Length];
        for (var rowMajor = 0; rowMajor < result.Length; rowMajor++)
        {
            // Column-major offset of the multi-index that is row-major position rowMajor.
            int offset = 0, stride = 1;
            for (var d = 0; d < shape.Length; d++)
            {
                offset += index[d] * stride;
                stride *= shape[d];
            }
            result[rowMajor] = columnMajor[offset];
            for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }
        return result;
    }
}
