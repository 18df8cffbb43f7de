using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>Zero-valued checkpoints built from the schema itself, for checks that need no real weights.</summary>
public static class SchemaTensors
{
    /// <summary>A small model: 4 ViT blocks and 4 BERT layers of width 24 (2 before the fusion, 2 in it).</summary>
    public static readonly VistaDimensions Small = new(Width: 24, VitDepth: 4, VitMlpWidth: 96, BertLayers: 4, BertFeedForwardWidth: 96,
        VocabularySize: 50, MaxPositions: 64, ProjectionWidth: 8, Heads: 4);

    public static Dictionary<string, CheckpointTensor> Zeros(VistaLayout layout, VistaDimensions dimensions, bool withDeadFusionBlocks,
                                                             bool usedOnly = false) =>
        VistaSchema.Expected(layout, dimensions, withDeadFusionBlocks)
            .Where(k => k.Used || !usedOnly)
            .ToDictionary(k => k.Name, k => new CheckpointTensor(k.Name, k.Shape, new float[k.Parameters]), StringComparer.Ordinal);

    public static PdparamsCheckpoint Checkpoint(Dictionary<string, CheckpointTensor> tensors) => new(tensors, new Dictionary<string, string>());

    public static void Replace(Dictionary<string, CheckpointTensor> tensors, string name, params int[] shape) =>
        tensors[name] = new CheckpointTensor(name, shape, new float[shape.Aggregate(1, (a, d) => a * d)]);
}
