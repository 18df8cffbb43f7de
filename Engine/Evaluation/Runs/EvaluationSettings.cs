using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// What to evaluate and how: the dataset, where results go, the temporary collection's shard count, batch
/// sizes, how many encode batches may be in flight at once (memory holds at most that many batches), and where a
/// scene-text model's OCR strings come from (null: the dataset's OCR files when it has them, otherwise the engine).
/// </summary>
public sealed record EvaluationSettings(
    EvalLayout Layout,
    string DataDirectory,
    string OutputDirectory,
    int Shards = 2,
    bool DumpFeatures = false,
    int EncodeBatch = 64,
    int SearchBatch = 64,
    int UpsertChunk = 512,
    int EncodeConcurrency = 4,
    OcrSource? Ocr = null)
{
    public void Validate()
    {
        if (!Directory.Exists(DataDirectory)) throw new ArgumentException($"data folder '{DataDirectory}' does not exist.");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("an output folder is required.");
        if (Shards is < 1 or > 1024) throw new ArgumentException("shards must be between 1 and 1024.");
        if (EncodeBatch < 1 || SearchBatch < 1 || UpsertChunk < 1 || EncodeConcurrency < 1) throw new ArgumentException("batch sizes and the encode concurrency must be at least 1.");
        if (Ocr == OcrSource.Files && DatasetOcrFolders.Missing(Layout, DataDirectory) is { } missing) throw new ArgumentException($"ocr: {missing}", "ocr");
    }
}
