namespace UmsOrleans.Gateway.Api;

/// <summary>Where evaluation runs started over HTTP read and write (section <c>Ums:Evaluation</c>).</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Ums:Evaluation";

    /// <summary>Datasets named in <c>POST /evaluations</c> must lie under this folder.</summary>
    public string DataRoot { get; set; } = "datasets";

    /// <summary>Each run writes its metrics, report and (on request) features to a folder of its own here.</summary>
    public string OutputRoot { get; set; } = Path.Combine("data", "evaluations");
}
