using System.Text.Json;
using System.Text.Json.Serialization;

namespace UmsOrleans.Engine.Evaluation.Reports;

/// <summary>Writes <c>metrics.json</c>: the report as JSON, metrics as a name → fraction object in report order.</summary>
public static class MetricsJsonWriter
{
    public const string FileName = "metrics.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(string directory, EvaluationReport report)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, ToJson(report));
        return path;
    }

    public static string ToJson(EvaluationReport report)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in report.Metrics) metrics[metric.Name] = metric.Value;
        var document = new
        {
            report.RunId,
            layout = report.Layout,
            report.DataDirectory,
            report.Model,
            report.StartedAt,
            wallTimeSeconds = report.WallTime.TotalSeconds,
            report.PeakMemoryBytes,
            report.Configuration,
            report.Counts,
            metrics,
            published = PublishedResults.For(report.Layout).Select(p => new { p.Method, p.Metric, p.Percent }),
            publishedSource = PublishedResults.Source,
            phases = report.Phases.Select(p => new { phase = p.Phase, p.Items, seconds = p.Elapsed.TotalSeconds, itemsPerSecond = p.ItemsPerSecond }),
            skipped = report.Skipped,
            report.Notes,
        };
        return JsonSerializer.Serialize(document, Options);
    }
}
