using System.Runtime.InteropServices;
using Google.Protobuf;
using UmsOrleans.Importer.Onnx;

namespace UmsOrleans.Importer;

/// <summary>
/// Appends nodes, initializers and graph inputs/outputs to an ONNX <see cref="GraphProto"/>. Every node has one
/// output, named after the node, so a graph reads like straight-line code.
/// </summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    public const string BatchDimension = "batch";

    public GraphProto Graph { get; } = new() { Name = graphName };

    public string Initializer(string name, IReadOnlyList<int> shape, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape.Select(d => (long)d));
        // raw_data is little-endian by the ONNX spec, as float[] is in memory on every platform .NET runs ONNX on.
        tensor.RawData = UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Scalar(string name, float value) => Initializer(name, [], [value]);

    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Int64Scalar(string name, long value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Node(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>A float32 graph input or output whose first dimension is the symbolic batch size.</summary>
    public static ValueInfoProto BatchedFloat(string name, params int[] dimensionsAfterBatch) =>
        Tensor(name, TensorProto.Types.DataType.Float, [BatchDimension, .. dimensionsAfterBatch.Select(d => (Dim)d)]);

    /// <summary>A graph input or output of the given element type; each dimension is a size or a symbolic name.</summary>
    public static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params Dim[] dimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dimensions.Select(d => d.Symbol is { } symbol
            ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
            : new TensorShapeProto.Types.Dimension { DimValue = d.Size }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}

/// <summary>One dimension of a graph input or output: a fixed size or a symbolic name ("batch").</summary>
internal readonly record struct Dim(long Size, string? Symbol)
{
    public static implicit operator Dim(int size) => new(size, null);

    public static implicit operator Dim(string symbol) => new(0, symbol);
}
