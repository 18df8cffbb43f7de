using System.Text.RegularExpressions;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>Turns a run request into settings, refusing a bad one with a message that names the field.</summary>
public static partial class EvaluationRequestParser
{
    /// <summary>A run id becomes part of temporary collection names, so it obeys their rules with room to spare.</summary>
    public static void ValidateRunId(string runId)
    {
        if (!RunIdPattern().IsMatch(runId)) throw new ArgumentException($"run id '{runId}' must be 1 to 40 letters, digits, '_' or '-'.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex RunIdPattern();

    /// <summary>The layout named by a task word: sop, inshop, product1m, ctc or catalog.</summary>
    public static EvalLayout ParseLayout(string task) => task.ToLowerInvariant() switch
    {
        "sop" => EvalLayout.Sop,
        "inshop" => EvalLayout.InShop,
        "product1m" => EvalLayout.Product1M,
        "ctc" => EvalLayout.Ctc,
        "catalog" => EvalLayout.Catalog,
        _ => throw new ArgumentException($"layout '{task}' is not one of {string.Join(", ", Tasks)}."),
    };

    public static IReadOnlyList<string> Tasks { get; } = ["sop", "inshop", "product1m", "ctc", "catalog"];

    public static IReadOnlyList<string> OcrSources { get; } = ["files", "engine", "none"];

    /// <summary>The OCR source named by <c>--ocr</c> / <c>"ocr"</c>: files, engine or none; null or blank: the default.</summary>
    /// <exception cref="ArgumentException">Another word (parameter <c>ocr</c>).</exception>
    public static OcrSource? ParseOcr(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "files" => OcrSource.Files,
        "engine" => OcrSource.Engine,
        "none" => OcrSource.None,
        _ => throw new ArgumentException($"ocr '{word}' is not one of {string.Join(", ", OcrSources)}.", "ocr"),
    };

    public static EvaluationSettings Parse(string layoutName, string dataDirectory, string outputDirectory, int shards, bool dumpFeatures, string? ocr = null)
    {
        var layout = ParseLayout(layoutName);
        var settings = new EvaluationSettings(layout, dataDirectory, outputDirectory, shards, dumpFeatures, Ocr: ParseOcr(ocr));
        settings.Validate();
        return settings;
    }
}
