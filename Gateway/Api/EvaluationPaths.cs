using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// <see cref="EvaluationOptions"/> with its defaults resolved once, at start-up: the folder datasets must lie
/// under, and the absolute folder each run writes its own folder in.
/// </summary>
public sealed record EvaluationPaths(DataRoot Datasets, string OutputRoot)
{
    /// <summary>
    /// What a refused dataset path adds to its message: the setting that places the root datasets must lie under,
    /// and how to point it at a datasets folder (never the root's location on the server).
    /// </summary>
    public static string DatasetsHint =>
        $"(datasets are relative to the data root set by {EvaluationOptions.Section}:{nameof(EvaluationOptions.DataRoot)} " +
        $"(default: {IngestOptions.Section}:{nameof(IngestOptions.DataRoot)}, then Ums:Catalog:DataDirectory); to evaluate the datasets " +
        $"of a folder, start the gateway with --{EvaluationOptions.Section}:{nameof(EvaluationOptions.DataRoot)}=/path/to/datasets)";

    /// <param name="ingestRoot">The default dataset root (the ingest data root).</param>
    /// <param name="dataDirectory">The catalog's data directory; the default output goes to its <c>evaluations</c> folder.</param>
    public static EvaluationPaths Resolve(EvaluationOptions options, DataRoot ingestRoot, string dataDirectory) => new(
        FolderSetting.IsSet(options.DataRoot) ? new DataRoot(options.DataRoot!) : ingestRoot,
        Path.GetFullPath(FolderSetting.IsSet(options.OutputRoot) ? options.OutputRoot! : Path.Combine(dataDirectory, "evaluations")));
}
