using UmsOrleans.Importer.Onnx;

namespace UmsOrleans.Importer.Graphs;

/// <summary>Wraps a finished graph as an ONNX model file: opset 17, its IR version, producer and metadata.</summary>
internal static class OnnxModels
{
    public const int OpsetVersion = 17;
    private const int IrVersion = 8; // the IR version that goes with opset 17

    public static ModelProto Wrap(GraphProto graph, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = "UmsOrleans import-ums", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.AddRange(metadata.Select(kv => new StringStringEntryProto { Key = kv.Key, Value = kv.Value }));
        return model;
    }
}
