using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Gateway.Api;

/// <summary>Where evaluation runs started over HTTP read and write (section <c>Ums:Evaluation</c>).</summary>
public sealed class EvaluationOptions : IValidatableObject
{
    public const string Section = "Ums:Evaluation";

    /// <summary>Datasets named in <c>POST /evaluations</c> must lie under this folder (default: the ingest data root).</summary>
    public string? DataRoot { get; set; }

    /// <summary>
    /// Each run writes its metrics, report and (on request) features to a folder of its own here (default:
    /// <c>evaluations</c> in the catalog's data directory). The silo that runs the evaluation writes it, so in
    /// a cluster this must be a path the silos can write (a shared volume).
    /// </summary>
    public string? OutputRoot { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FolderSetting.Check($"{Section}:{nameof(DataRoot)}", DataRoot, nameof(DataRoot)) is { } dataProblem) yield return dataProblem;
        if (FolderSetting.Check($"{Section}:{nameof(OutputRoot)}", OutputRoot, nameof(OutputRoot)) is { } outputProblem) yield return outputProblem;
    }
}
