using Google.Protobuf;
using UmsOrleans.Importer.Onnx;

namespace UmsOrleans.Importer.Vl;

/// <summary>Writes an ONNX model to a file through a <see cref="CountingStream"/>, reporting bytes written of its size.</summary>
internal static class OnnxFileWriter
{
    /// <summary>Protobuf messages (and so ONNX files without external data) cannot exceed 2 GiB.</summary>
    private const long ProtobufLimit = int.MaxValue;

    public static long Write(ModelProto model, string path, string phase, IProgress<ImportProgress>? progress)
    {
        var weightBytes = model.Graph.Initializer.Sum(i => (long)i.RawData.Length);
        if (weightBytes >= ProtobufLimit)
        {
            throw new CheckpointImportException(
                $"{Path.GetFileName(path)} would hold {weightBytes:N0} bytes of weights, over protobuf's 2 GiB limit for one ONNX file");
        }
        long total = model.CalculateSize();
        using var file = File.Create(path);
        var counting = new CountingStream(file, done => progress?.Report(new ImportProgress(phase, done, total)));
        using (var output = new CodedOutputStream(counting, 1 << 20, leaveOpen: true))
        {
            model.WriteTo(output);
        }
        counting.Complete();
        return counting.Count;
    }
}
