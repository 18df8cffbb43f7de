using System.Runtime.InteropServices;
using System.Text;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// An adapter as bytes, to keep as a blob: the header <c>UMSADAPT</c> and a format version, the kind, target
/// space, training summary, validation scores and seed, then per map its source space, dimensions, mean and
/// weights as little-endian float32. Nothing time- or machine-dependent is written, so one adapter always
/// gives the same bytes.
/// </summary>
public static class AdapterCodec
{
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "UMSADAPT"u8;

    public static byte[] Write(Adapter adapter)
    {
        RequireLittleEndian();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((byte)adapter.Kind);
            writer.Write(adapter.TargetSpace);
            writer.Write(adapter.TargetDimension);
            writer.Write(adapter.Seed);
            writer.Write(adapter.Training.Method);
            writer.Write(adapter.Training.Regularisation);
            writer.Write(adapter.Training.Vectors);
            writer.Write(adapter.Training.Labels);
            writer.Write(adapter.Training.Pairs);
            writer.Write(adapter.Validation.Count);
            foreach (var score in adapter.Validation)
            {
                writer.Write(score.Regularisation);
                writer.Write(score.TopOne);
                writer.Write(score.MeanAveragePrecision);
            }
            writer.Write(adapter.Maps.Count);
            foreach (var map in adapter.Maps)
            {
                writer.Write(map.SourceSpace);
                writer.Write(map.InputDimension);
                writer.Write(map.OutputDimension);
                writer.Write(MemoryMarshal.AsBytes(map.Mean.AsSpan()));
                writer.Write(MemoryMarshal.AsBytes(map.Weights.AsSpan()));
            }
        }
        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; anything else fails with <see cref="InvalidDataException"/>.</summary>
    public static Adapter Read(ReadOnlySpan<byte> bytes)
    {
        RequireLittleEndian();
        if (bytes.Length < Magic.Length + sizeof(ushort) || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not an adapter: the header 'UMSADAPT' is missing.");
        }
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        try
        {
            reader.ReadBytes(Magic.Length);
            var version = reader.ReadUInt16();
            if (version != FormatVersion) throw new InvalidDataException($"adapter format version {version} is not readable here (this reader knows version {FormatVersion}).");
            var kind = (AdapterKind)reader.ReadByte();
            if (!Enum.IsDefined(kind)) throw new InvalidDataException($"unknown adapter kind {(byte)kind}.");
            var targetSpace = reader.ReadString();
            var targetDimension = reader.ReadInt32();
            var seed = reader.ReadInt32();
            var training = new AdapterTraining(reader.ReadString(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            var validation = new ValidationScore[CheckedCount(reader.ReadInt32(), 1 << 16, "validation scores")];
            for (var i = 0; i < validation.Length; i++) validation[i] = new ValidationScore(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            var maps = new LinearMap[CheckedCount(reader.ReadInt32(), 16, "maps")];
            for (var i = 0; i < maps.Length; i++) maps[i] = ReadMap(reader, targetDimension);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException($"{reader.BaseStream.Length - reader.BaseStream.Position} bytes follow the adapter's last map.");
            }
            return new Adapter(kind, targetSpace, targetDimension, maps, training, validation, seed);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("the adapter is truncated.", exception);
        }
    }

    private static LinearMap ReadMap(BinaryReader reader, int targetDimension)
    {
        var source = reader.ReadString();
        var input = CheckedCount(reader.ReadInt32(), 1 << 16, "input dimension");
        var output = CheckedCount(reader.ReadInt32(), 1 << 16, "output dimension");
        if (output != targetDimension) throw new InvalidDataException($"map '{source}' writes {output} values, the target space has {targetDimension}.");
        return new LinearMap(source, input, output, ReadFloats(reader, input), ReadFloats(reader, input * output));
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length) throw new EndOfStreamException();
        return values;
    }

    private static int CheckedCount(int value, int limit, string what) =>
        value >= 0 && value <= limit ? value : throw new InvalidDataException($"the adapter's {what} ({value}) is outside 0..{limit}.");

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("adapters are stored as little-endian float32; this machine is big-endian.");
    }
}
