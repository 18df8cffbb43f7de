using UmsOrleans.Contracts;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// <c>{"kind": "adapt"|"align", "label": "product"|"attributes.&lt;name&gt;", "seed": 0, "method": "cca"|"ridge", "textSpace": "text"}</c>;
/// <c>method</c> and <c>textSpace</c> are for align only.
/// </summary>
public sealed record TrainAdapterRequest(string? Kind, string? Label, int? Seed = null, string? Method = null, string? TextSpace = null);

/// <summary>
/// A collection's adapters, oldest first, and the version its searches use (null: none). <c>alignedTextSearchesImage</c>:
/// the active adapter is an align, so text queries search the photos through the shared space.
/// </summary>
public sealed record AdaptersResponse(string Collection, int? Active, bool AlignedTextSearchesImage, IReadOnlyList<AdapterResponse> Adapters)
{
    /// <summary>The list as <c>GET /collections/{name}/adapters</c> answers it, from the stored versions and the active one.</summary>
    public static AdaptersResponse From(string collection, int? active, IReadOnlyList<StoredAdapter> adapters) =>
        new(collection, active, adapters.Any(a => a.Version == active && a.Kind == AdapterKind.Align), [.. adapters.Select(a => AdapterResponse.From(a, active))]);
}

/// <summary>
/// One stored adapter version: what it maps (source spaces into the target space, its dimension), what it learned from
/// (the label; vectors, distinct labels and photo–text pairs), the method and the regularisation validation chose, every
/// candidate's held-out scores (fractions), the seed, when it was stored, its size, and whether searches use it.
/// </summary>
public sealed record AdapterResponse(
    int Version,
    string Kind,
    string Label,
    string TargetSpace,
    int TargetDimension,
    IReadOnlyList<string> SourceSpaces,
    string Method,
    double Regularisation,
    int Vectors,
    int Labels,
    int Pairs,
    IReadOnlyList<ValidationScoreResponse> Validation,
    int Seed,
    DateTimeOffset CreatedAt,
    long Bytes,
    bool Active)
{
    public static AdapterResponse From(StoredAdapter adapter, int? active) =>
        new(adapter.Version, AdapterTrainingPlan.KindText(adapter.Kind), adapter.Label, adapter.TargetSpace, adapter.TargetDimension, adapter.SourceSpaces,
            adapter.Training.Method, adapter.Training.Regularisation, adapter.Training.Vectors, adapter.Training.Labels, adapter.Training.Pairs,
            ValidationScoreResponse.From(adapter.Validation), adapter.Seed, adapter.CreatedAt, adapter.Bytes, adapter.Version == active);
}

public sealed record ValidationScoreResponse(double Regularisation, double TopOne, double MeanAveragePrecision)
{
    public static List<ValidationScoreResponse> From(IEnumerable<ValidationScore> scores) =>
        [.. scores.Select(s => new ValidationScoreResponse(s.Regularisation, s.TopOne, s.MeanAveragePrecision))];
}

/// <summary>
/// A training job: what was asked, its phase (Running, Completed, Failed, Cancelled, Interrupted), its step
/// (<c>reading products</c>, <c>training</c>, <c>saving</c>) with items done of the step's total, time since start, the
/// error, and once completed the version stored, its validation scores and how the training set was made.
/// </summary>
public sealed record AdapterJobResponse(
    string JobId,
    string Collection,
    string Kind,
    string Label,
    int Seed,
    string? Method,
    string? TextSpace,
    string Phase,
    string Step,
    long Done,
    long Total,
    double ElapsedSeconds,
    bool Finished,
    string? Error,
    int? Version,
    IReadOnlyList<ValidationScoreResponse>? Validation,
    TrainingSetResponse? TrainingSet)
{
    public static AdapterJobResponse From(AdapterTrainingStatus status)
    {
        var details = AdapterJobDetails.FromJson(status.Details);
        var request = status.Request;
        return new AdapterJobResponse(status.JobId, request.Collection, request.Kind, request.Label, request.Seed, request.Method, request.TextSpace,
            status.Phase, status.Step, status.Done, status.Total, status.ElapsedSeconds, status.Finished, status.Error, status.Version,
            details?.Validation is { } validation ? ValidationScoreResponse.From(validation) : null,
            details?.TrainingSet is { } counts ? TrainingSetResponse.From(counts) : null);
    }
}

/// <summary>
/// How a training set was made: products read and used; skipped without photos, without the label (attribute missing
/// or not a string), without a text vector (align); products in labels with too few photos; products left out to stay
/// within <c>maxPhotos</c> (then <c>capped</c>); and the set's photos, distinct labels and pairs.
/// </summary>
public sealed record TrainingSetResponse(
    long ProductsRead,
    long ProductsUsed,
    long WithoutPhotos,
    long WithoutLabel,
    long WithoutText,
    int SmallLabels,
    long ProductsInSmallLabels,
    long LeftOutByCap,
    int Photos,
    int Labels,
    int Pairs,
    int MaxPhotos,
    bool Capped)
{
    public static TrainingSetResponse From(TrainingSetCounts c) =>
        new(c.ProductsRead, c.ProductsUsed, c.WithoutPhotos, c.WithoutLabel, c.WithoutText, c.SmallLabels, c.ProductsInSmallLabels, c.LeftOutByCap,
            c.Photos, c.Labels, c.Pairs, c.MaxPhotos, c.Capped);
}
