using System.Globalization;
using System.Text;
using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Engine.Evaluation.Reports;

/// <summary>
/// Writes <c>report.md</c>: our metrics (percent, two decimals) beside the published UMS numbers and the
/// baselines they quote (<see cref="PublishedResults"/>), the configuration and counts, phase times and
/// throughput, and the skipped items.
/// </summary>
public static class MarkdownReportWriter
{
    public const string FileName = "report.md";

    /// <summary>Skipped items listed one by one up to this many; the rest are counted by reason.</summary>
    public const int SkippedListLimit = 200;

    public static string Write(string directory, EvaluationReport report)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(report));
        return path;
    }

    public static string Render(EvaluationReport report)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Evaluation {report.RunId}: {report.Layout}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Model `{report.Model}` on `{report.DataDirectory}`, started {report.StartedAt:u}, wall time {Seconds(report.WallTime.TotalSeconds)}");
        if (report.PeakMemoryBytes is { } peak) md.Append(CultureInfo.InvariantCulture, $", peak memory {peak / (1024.0 * 1024.0):0.0} MiB");
        md.Append(".\n\n");

        AppendMetrics(md, report);
        AppendDictionary(md, "Configuration", report.Configuration.Select(p => (p.Key, p.Value)));
        AppendDictionary(md, "Counts", report.Counts.Select(p => (p.Key, p.Value.ToString("N0", CultureInfo.InvariantCulture))));
        AppendPhases(md, report);
        AppendSkipped(md, report);
        if (report.Notes.Count > 0)
        {
            md.Append("## Notes\n\n");
            foreach (var note in report.Notes) md.Append("- ").Append(note).Append('\n');
            md.Append('\n');
        }
        return md.ToString();
    }

    private static void AppendMetrics(StringBuilder md, EvaluationReport report)
    {
        if (MetricPairs.HasAdapted(report.Metrics.Select(m => m.Name)))
        {
            AppendMetricPairs(md, report);
            return;
        }
        var published = PublishedResults.For(report.Layout).ToList();
        md.Append("## Metrics (%)\n\n| metric | ours | ").Append(PublishedResults.Ums).Append(" | baselines |\n|---|---:|---:|---|\n");
        foreach (var metric in report.Metrics)
        {
            var ums = published.FirstOrDefault(p => p.Metric == metric.Name && p.Method == PublishedResults.Ums);
            var baselines = string.Join(" · ", published.Where(p => p.Metric == metric.Name && p.Method != PublishedResults.Ums).Select(p => $"{p.Method} {Percent(p.Percent)}"));
            var ours = MetricValue.Display(metric.Name, metric.Value);
            md.Append(CultureInfo.InvariantCulture, $"| {metric.Name} | {ours} | {(ums is null ? "" : Percent(ums.Percent))} | {baselines} |\n");
        }
        md.Append("\nPublished numbers: ").Append(PublishedResults.Source).Append(". Mean rank is a rank, not a percentage.\n\n");
    }

    /// <summary>Raw and adapted numbers of one run side by side, with the gain in points.</summary>
    private static void AppendMetricPairs(StringBuilder md, EvaluationReport report)
    {
        var published = PublishedResults.For(report.Layout).ToList();
        md.Append("## Metrics (%): raw and through the adapter\n\n| metric | raw | adapted | gain | ").Append(PublishedResults.Ums).Append(" |\n|---|---:|---:|---:|---:|\n");
        foreach (var pair in MetricPairs.Of(report.Metrics.Select(m => KeyValuePair.Create(m.Name, m.Value))))
        {
            var ums = published.FirstOrDefault(p => p.Metric == pair.Name && p.Method == PublishedResults.Ums);
            var gain = pair is { Raw: { } raw, Adapted: { } adapted } ? MetricValue.Display(pair.Name, adapted - raw) : "";
            md.Append(CultureInfo.InvariantCulture, $"| {pair.Name} | {Shown(pair.Name, pair.Raw)} | {Shown(pair.Name, pair.Adapted)} | {gain} | {(ums is null ? "" : Percent(ums.Percent))} |\n");
        }
        md.Append("\nRaw and adapted numbers come from the same run: the same encoded vectors, searched once as encoded and once projected through the adapter. ")
            .Append("A blank raw cell: the model alone cannot run that direction. Published numbers: ").Append(PublishedResults.Source).Append(".\n\n");

        static string Shown(string name, double? value) => value is { } v ? MetricValue.Display(name, v) : "";
    }

    private static void AppendDictionary(StringBuilder md, string title, IEnumerable<(string Key, string Value)> rows)
    {
        md.Append("## ").Append(title).Append("\n\n| | |\n|---|---|\n");
        foreach (var (key, value) in rows) md.Append("| ").Append(key).Append(" | ").Append(Escape(value)).Append(" |\n");
        md.Append('\n');
    }

    private static void AppendPhases(StringBuilder md, EvaluationReport report)
    {
        md.Append("## Phases\n\n| phase | items | time | items/s |\n|---|---:|---:|---:|\n");
        foreach (var phase in report.Phases)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {phase.Phase} | {phase.Items:N0} | {Seconds(phase.Elapsed.TotalSeconds)} | {phase.ItemsPerSecond:0.0} |\n");
        }
        md.Append('\n');
    }

    private static void AppendSkipped(StringBuilder md, EvaluationReport report)
    {
        md.Append(CultureInfo.InvariantCulture, $"## Skipped items ({report.Skipped.Count})\n\n");
        if (report.Skipped.Count == 0)
        {
            md.Append("None.\n\n");
            return;
        }
        md.Append("| set | index | id | what | reason | path |\n|---|---:|---|---|---|---|\n");
        foreach (var skip in report.Skipped.Take(SkippedListLimit))
        {
            var scope = skip.Scope == Datasets.SkipScope.Item ? "item" : "image only";
            md.Append(CultureInfo.InvariantCulture, $"| {skip.Set} | {skip.Index} | {Escape(skip.Id)} | {scope} | {Escape(skip.Reason)} | {Escape(skip.Path ?? "")} |\n");
        }
        if (report.Skipped.Count > SkippedListLimit)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n{report.Skipped.Count - SkippedListLimit} more (all are in metrics.json); by reason:\n\n");
            foreach (var group in report.Skipped.GroupBy(s => s.Reason).OrderByDescending(g => g.Count()))
            {
                md.Append(CultureInfo.InvariantCulture, $"- {Escape(group.Key)}: {group.Count()}\n");
            }
        }
        md.Append('\n');
    }

    private static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Escape(string text) => text.Replace("|", "\\|").Replace('\n', ' ');
}
