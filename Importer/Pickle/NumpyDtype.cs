using System.Buffers.Binary;

namespace UmsOrleans.Importer.Pickle;

/// <summary>
/// What a pickled <c>numpy.dtype</c> becomes: numpy reduces a dtype to <c>dtype(code, False, True)</c>
/// (code such as <c>f4</c>) followed by the state <c>(3, byteorder, …)</c>.
/// </summary>
internal sealed class NumpyDtype(string code)
{
    public string Code { get; } = code.TrimStart('<', '>', '=', '|');

    public bool BigEndian { get; private set; } = code.StartsWith('>');

    public int ItemSize => Code switch
    {
        "f2" => 2,
        "f4" or "i4" => 4,
        "f8" or "i8" => 8,
        _ => 0,
    };

    public bool IsSupported => ItemSize > 0;

    public void __setstate__(object[] state)
    {
        if (state.Length > 1 && state[1] is string byteOrder)
        {
            BigEndian = byteOrder == ">";
        }
    }

    public float Read(ReadOnlySpan<byte> item) => (Code, BigEndian) switch
    {
        ("f4", false) => BinaryPrimitives.ReadSingleLittleEndian(item),
        ("f4", true) => BinaryPrimitives.ReadSingleBigEndian(item),
        ("f8", false) => (float)BinaryPrimitives.ReadDoubleLittleEndian(item),
        ("f8", true) => (float)BinaryPrimitives.ReadDoubleBigEndian(item),
        ("f2", false) => (float)BinaryPrimitives.ReadHalfLittleEndian(item),
        ("f2", true) => (float)BinaryPrimitives.ReadHalfBigEndian(item),
        ("i4", false) => BinaryPrimitives.ReadInt32LittleEndian(item),
        ("i4", true) => BinaryPrimitives.ReadInt32BigEndian(item),
        ("i8", false) => BinaryPrimitives.ReadInt64LittleEndian(item),
        ("i8", true) => BinaryPrimitives.ReadInt64BigEndian(item),
        _ => throw new InvalidOperationException($"dtype {Code} is not supported"),
    };

    public override string ToString() => (BigEndian ? ">" : "<") + Code;
}
