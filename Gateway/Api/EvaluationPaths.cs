using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// <see cref="EvaluationOptions"/> with its defaults resolved once, at start-up: the folder datasets must lie
/// under, and the absolute folder each run writes its own folder in.
/// </summary>
public sealed record EvaluationPaths(DataRoot Datasets, string OutputRoot)
{
    /// <param name="ingestRoot">The default dataset root (the ingest data root).</param>
    /// <param name="dataDirectory">The catalog's data directory; the default output goes to its <c>evaluations</c> folder.</param>
    public static EvaluationPaths Resolve(EvaluationOptions options, DataRoot ingestRoot, string dataDirectory) => new(
        FolderSetting.IsSet(options.DataRoot) ? new DataRoot(options.DataRoot!) : ingestRoot,
        Path.GetFullPath(FolderSetting.IsSet(options.OutputRoot) ? options.OutputRoot! : Path.Combine(dataDirectory, "evaluations")));
}
