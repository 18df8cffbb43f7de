using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace UmsOrleans.Engine.Evaluation.Features;

/// <summary>
/// The header of a numpy <c>.npy</c> file, format version 1.0, for a C-order little-endian float32 matrix:
/// the magic <c>\x93NUMPY</c>, version bytes 1 and 0, a little-endian uint16 header length, then the ASCII
/// dict <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (R, C), }</c> padded with spaces and ended by
/// <c>\n</c> so that the data starts at a multiple of 64 bytes. Like numpy, the first axis gets room for 21
/// digits, so a streaming writer can rewrite the row count in place when it knows it.
/// </summary>
public static partial class NpyHeader
{
    public const int Alignment = 64;
    private const int RowDigitsReserved = 21;
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The full preamble (magic … newline) for a rows × columns float32 matrix.</summary>
    public static byte[] Build(long rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        var rowsText = rows.ToString(CultureInfo.InvariantCulture);
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rowsText}, {columns.ToString(CultureInfo.InvariantCulture)}), }}";
        var unpadded = Magic.Length + 2 + 2 + dict.Length + Math.Max(0, RowDigitsReserved - rowsText.Length) + 1;
        var total = (unpadded + Alignment - 1) / Alignment * Alignment;
        var headerLength = total - Magic.Length - 4;
        var bytes = new byte[total];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)headerLength));
        var text = Encoding.ASCII.GetBytes(dict);
        text.CopyTo(bytes, 10);
        bytes.AsSpan(10 + text.Length, total - 10 - text.Length - 1).Fill((byte)' ');
        bytes[total - 1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Reads a preamble; returns the shape and where the data starts. Accepts versions 1.0, 2.0 and 3.0.</summary>
    public static (long Rows, int Columns, int DataOffset) Parse(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[12];
        stream.ReadExactly(prefix[..8]);
        if (!prefix[..6].SequenceEqual(Magic)) throw new InvalidDataException("not a .npy file (bad magic).");
        var major = prefix[6];
        int headerLength;
        int preamble;
        if (major == 1)
        {
            stream.ReadExactly(prefix.Slice(8, 2));
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2));
            preamble = 10;
        }
        else if (major is 2 or 3)
        {
            stream.ReadExactly(prefix.Slice(8, 4));
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4)));
            preamble = 12;
        }
        else
        {
            throw new InvalidDataException($".npy version {major}.{prefix[7]} is not supported.");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var text = Encoding.Latin1.GetString(header);
        var descr = DescrPattern().Match(text);
        var fortran = FortranPattern().Match(text);
        var shape = ShapePattern().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success) throw new InvalidDataException($".npy header not understood: {text.Trim()}");
        if (descr.Groups[1].Value is not ("<f4" or "f4")) throw new InvalidDataException($".npy dtype {descr.Groups[1].Value} is not little-endian float32.");
        if (fortran.Groups[1].Value != "False") throw new InvalidDataException(".npy array is in Fortran order; C order expected.");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dims.Length == 0) throw new InvalidDataException(".npy array is a scalar; a matrix was expected.");
        // More than two axes are read as a matrix of rows (first axis) by the product of the others.
        var columns = dims.Skip(1).Aggregate(1, (product, dim) => checked(product * int.Parse(dim, CultureInfo.InvariantCulture)));
        return (long.Parse(dims[0], CultureInfo.InvariantCulture), columns, preamble + headerLength);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
