using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Gateway.Api;

/// <param name="Adapter">An adapter file (written by the <c>train</c> verb) under the datasets root, resolved like <paramref name="Data"/>:
/// the run reports every metric raw and, as <c>adapted.NAME</c>, through the adapter.</param>
/// <param name="Ocr">Where a scene-text model's OCR strings come from: <c>files</c>, <c>engine</c> or <c>none</c> (null: files when the
/// dataset has its OCR folder, otherwise engine).</param>
public sealed record StartEvaluationRequest(string? Task, string? Data, string? Model, int? Shards, bool? DumpFeatures, string? Adapter = null, string? Ocr = null);

/// <summary>A run's progress and, once finished, its metrics beside the published UMS numbers (fractions).</summary>
public sealed record EvaluationResponse(
    string RunId,
    string Task,
    string Phase,
    long Done,
    long Total,
    double ItemsPerSecond,
    double? EtaSeconds,
    double ElapsedSeconds,
    bool Finished,
    string? Error,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> Published,
    string? OutputDirectory)
{
    public static EvaluationResponse From(EvaluationStatus status)
    {
        var task = status.RunId.Split('-', 2)[0];
        var published = EvaluationRequestParser.Tasks.Contains(task)
            ? PublishedResults.For(EvaluationRequestParser.ParseLayout(task))
                .Where(r => r.Method == PublishedResults.Ums)
                .ToDictionary(r => r.Metric, r => r.Percent / 100)
            : [];
        return new EvaluationResponse(status.RunId, task, status.Phase, status.Done, status.Total, status.ItemsPerSecond,
            status.EtaSeconds, status.ElapsedSeconds, status.Finished, status.Error, InReadingOrder(status.Metrics), published, status.OutputDirectory);
    }

    /// <summary>Metrics grouped by name, then by their cut-off: recall@1, recall@10, recall@100, map@r, …</summary>
    private static IReadOnlyDictionary<string, double> InReadingOrder(IReadOnlyDictionary<string, double> metrics)
    {
        var ordered = new OrderedDictionary<string, double>();
        foreach (var (name, value) in metrics.OrderBy(m => Prefix(m.Key), StringComparer.Ordinal).ThenBy(m => Cutoff(m.Key)))
        {
            ordered[name] = value;
        }
        return ordered;

        static string Prefix(string name) => name.Split('@')[0];
        static int Cutoff(string name) => int.TryParse(name.Split('@').ElementAtOrDefault(1), out var k) ? k : int.MaxValue;
    }
}
