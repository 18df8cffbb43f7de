using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>Checkpoint arrays by name for the reference forward pass, and the Linear layers they hold.</summary>
public sealed class ReferenceWeights(IReadOnlyDictionary<string, CheckpointTensor> tensors)
{
    public static ReferenceWeights FromSidecar(IReadOnlyDictionary<string, SidecarTensor> sidecar) =>
        new(sidecar.ToDictionary(e => e.Key, e => new CheckpointTensor(e.Key, e.Value.Shape, [.. e.Value.Values.Select(v => (float)v)])));

    public static ReferenceWeights Read(string pdparams) => new(PdparamsReader.Read(pdparams).Tensors);

    public float[] this[string name] =>
        tensors.TryGetValue(name, out var tensor) ? tensor.Values : throw new KeyNotFoundException($"checkpoint has no '{name}'");

    public int[] Shape(string name) => tensors[name].Shape;

    /// <summary>§10.2–3: the top-level <c>ocr_pos_projection</c> exists only in the Share layout.</summary>
    public VistaLayout Layout => tensors.ContainsKey("ocr_pos_projection.weight") ? VistaLayout.VistaBaseShare
        : tensors.ContainsKey("image_cls.backbone.ocr_pos_projection.weight") ? VistaLayout.VistaBase
        : throw new InvalidOperationException("neither ocr_pos_projection.weight nor image_cls.backbone.ocr_pos_projection.weight: not a VL checkpoint");

    /// <summary>How many numbered layers <paramref name="prefix"/>{i}.<paramref name="probe"/> the checkpoint holds.</summary>
    public int CountLayers(string prefix, string probe)
    {
        var count = 0;
        while (tensors.ContainsKey($"{prefix}{count}.{probe}")) count++;
        return count;
    }

    /// <summary>x·W + b for the Linear at <paramref name="prefix"/> (weight [in, out]); no bias when it has none.</summary>
    public float[] Linear(float[] x, int rows, string prefix)
    {
        var shape = Shape(prefix + "weight");
        var bias = tensors.TryGetValue(prefix + "bias", out var b) ? b.Values : null;
        return ReferenceMath.Linear(x, rows, this[prefix + "weight"], shape[0], shape[1], bias);
    }

    public void LayerNorm(float[] x, int rows, string prefix, double epsilon) =>
        ReferenceMath.LayerNorm(x, rows, this[prefix + "weight"], this[prefix + "bias"], epsilon);
}
