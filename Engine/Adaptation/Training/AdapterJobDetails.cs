using System.Text.Json;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// What a training job's row keeps beside its phase and counts (as the row's result JSON): the step it is at or
/// ended in, and once completed the version it stored, the validation scores and how the training set was made.
/// </summary>
public sealed record AdapterJobDetails(
    string Step,
    int? Version = null,
    IReadOnlyList<ValidationScore>? Validation = null,
    TrainingSetCounts? TrainingSet = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The details in a row's result; null when it has none.</summary>
    public static AdapterJobDetails? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<AdapterJobDetails>(json, Json);
}
