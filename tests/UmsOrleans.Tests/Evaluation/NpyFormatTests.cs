using System.Buffers.Binary;
using System.Text;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// The .npy v1.0 layout checked byte by byte against the format description (numpy.lib.format): magic
/// "\x93NUMPY", version 1 0, uint16 little-endian HEADER_LEN, the dict, spaces, '\n', total a multiple of 64.
/// </summary>
public sealed class NpyFormatTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("npy");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Header_of_a_2_by_3_matrix_is_laid_out_as_the_spec_says()
    {
        var path = Path.Combine(_directory, "m.npy");
        NpyMatrixWriter.Write(path, new FeatureMatrix([1, 2, 3, 4, 5, -0.5f], 2, 3));
        var bytes = File.ReadAllBytes(path);

        // The dict is 59 characters: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
        // Preamble 6 (magic) + 2 (version) + 2 (length) = 10; + 59 + 20 spaces of room for a 21-digit row count
        // + 1 newline = 90, padded up to 128 -> HEADER_LEN = 128 - 10 = 118 = 0x76; data starts at byte 128.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        Assert.Equal(59, dict.Length);
        Assert.Equal(128 + 6 * 4, bytes.Length);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x76, 0x00 }, bytes[..10]);
        Assert.Equal(dict, Encoding.ASCII.GetString(bytes, 10, dict.Length));
        Assert.All(bytes[(10 + dict.Length)..127], b => Assert.Equal((byte)' ', b));
        Assert.Equal((byte)'\n', bytes[127]);
        Assert.Equal(0, 128 % 64);
        // C order, little-endian float32: row 0 = 1 2 3, row 1 = 4 5 -0.5.
        float[] expected = [1, 2, 3, 4, 5, -0.5f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(128 + 4 * i)));
        }
    }

    [Fact]
    public void Header_length_does_not_depend_on_the_row_count_so_it_can_be_rewritten_in_place()
    {
        Assert.Equal(NpyHeader.Build(0, 768).Length, NpyHeader.Build(60_502, 768).Length);
        Assert.Equal(NpyHeader.Build(0, 768).Length, NpyHeader.Build(long.MaxValue, 768).Length);
        Assert.All(new[] { 0L, 7, 1_000_000_000 }, rows => Assert.Equal(0, NpyHeader.Build(rows, 512).Length % 64));
    }

    [Fact]
    public void Streamed_rows_read_back_with_the_final_shape()
    {
        var path = Path.Combine(_directory, "s.npy");
        using (var writer = new NpyMatrixWriter(path, 3))
        {
            for (var r = 0; r < 5; r++) writer.Append([r, r + 0.25f, -r]);
            writer.Complete();
        }

        var matrix = NpyReader.ReadMatrix(path);

        Assert.Equal((5, 3), (matrix.Rows, matrix.Columns));
        Assert.Equal([4f, 4.25f, -4f], matrix.Row(4).ToArray());
    }

    [Fact]
    public void A_writer_abandoned_before_complete_leaves_no_file()
    {
        var path = Path.Combine(_directory, "abandoned.npy");
        using (var writer = new NpyMatrixWriter(path, 2)) writer.Append([1, 2]);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Reader_refuses_fortran_order_and_other_dtypes()
    {
        Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix(WriteRaw("f.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }")));
        Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix(WriteRaw("d.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }")));
    }

    private string WriteRaw(string name, string dict)
    {
        var header = dict.PadRight(64 - 10 - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 };
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(new byte[8]);
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }
}
