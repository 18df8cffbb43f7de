namespace UmsOrleans.Contracts;

/// <summary>
/// Start an evaluation run: a dataset layout (<c>sop</c>, <c>inshop</c>, <c>product1m</c>, <c>ctc</c> or
/// <c>catalog</c>) in a folder the silos can read, the model, the shard count of the temporary collection,
/// the output folder, whether to dump the features as .npy files, and an adapter file to search through as well
/// (null: the raw vectors only), and where a scene-text model's OCR strings come from (<c>files</c>, <c>engine</c> or
/// <c>none</c>; null: the dataset's OCR files when it has them, otherwise the engine).
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.EvaluationRequest")]
public sealed record EvaluationRequest(
    [property: Id(0)] string Layout,
    [property: Id(1)] string DataDirectory,
    [property: Id(2)] string Model,
    [property: Id(3)] int Shards,
    [property: Id(4)] string OutputDirectory,
    [property: Id(5)] bool DumpFeatures = false,
    [property: Id(6)] string? AdapterPath = null,
    [property: Id(7)] string? Ocr = null);
