namespace UmsOrleans.Importer;

/// <summary>
/// The arrays of a PaddlePaddle state dict, by name, and the entries that were not float arrays (for
/// example Paddle's own <c>StructuredToParameterName@@</c> table) with the reason each was left out.
/// </summary>
public sealed record PdparamsCheckpoint(
    IReadOnlyDictionary<string, CheckpointTensor> Tensors,
    IReadOnlyDictionary<string, string> SkippedEntries);
