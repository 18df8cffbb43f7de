namespace UmsOrleans.Importer;

/// <summary>One named weight of a checkpoint as float32 in row-major (C) order.</summary>
public sealed record CheckpointTensor(string Name, int[] Shape, float[] Values)
{
    public static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    public string ShapeText => FormatShape(Shape);
}
