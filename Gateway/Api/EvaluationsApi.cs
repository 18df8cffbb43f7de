using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Gateway.Api;

public static class EvaluationsApi
{
    public static RouteGroupBuilder MapEvaluationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/evaluations").WithTags("Evaluations");
        group.MapPost("/", Start).WithName("StartEvaluation").Accepts<StartEvaluationRequest>("application/json").ProducesProblem(400).ProducesProblem(413);
        group.MapGet("/", List).WithName("ListEvaluations");
        group.MapGet("/{runId}", Get).WithName("GetEvaluation").ProducesProblem(404);
        group.MapPost("/{runId}/cancel", Cancel).WithName("CancelEvaluation").ProducesProblem(404);
        group.MapPost("/{runId}/restart", Restart).WithName("RestartEvaluation").ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    /// <summary>Starts a run in the cluster and answers at once (202); progress is read from <c>GET /evaluations/{id}</c>.</summary>
    public static async Task<Results<Accepted<EvaluationResponse>, ProblemHttpResult>> Start(
        HttpRequest request, [AsParameters] EvaluationServices services, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<StartEvaluationRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        if (body?.Task is not { } task || !EvaluationRequestParser.Tasks.Contains(task.ToLowerInvariant()))
        {
            return Problems.BadRequest(new FieldError("task", $"must be one of {string.Join(", ", EvaluationRequestParser.Tasks)}."));
        }
        var (data, dataError) = services.Paths.Datasets.ResolveDirectory(body.Data ?? "");
        if (dataError is not null) return Problems.BadRequest(new FieldError("data", $"{dataError} {EvaluationPaths.DatasetsHint}"));
        string? adapter = null;
        if (body.Adapter is not null)
        {
            (adapter, var adapterError) = services.Paths.Datasets.Resolve(body.Adapter);
            if (adapterError is not null) return Problems.BadRequest(new FieldError("adapter", $"{adapterError} {EvaluationPaths.DatasetsHint}"));
        }
        var model = body.Model ?? ManifestRegistry.DefaultModel;
        try
        {
            services.Manifests.ResolveRequested(model);
        }
        catch (InvalidManifestException exception)
        {
            return Problems.BadRequest(new FieldError("model", exception.Message));
        }
        try
        {
            var ocr = EvaluationRequestParser.ParseOcr(body.Ocr);
            if (ocr == OcrSource.Files && DatasetOcrFolders.Missing(EvaluationRequestParser.ParseLayout(task), data!) is { } missing) return Problems.BadRequest(new FieldError("ocr", missing));
        }
        catch (ArgumentException exception)
        {
            return Problems.BadRequest(new FieldError("ocr", exception.Message));
        }
        var shards = body.Shards ?? 4;
        if (shards is < 1 or > 64) return Problems.BadRequest(new FieldError("shards", "must be from 1 to 64."));
        var runId = services.Evaluations.NewRunId(task);
        var output = Path.Combine(services.Paths.OutputRoot, runId);
        try
        {
            var status = await services.Evaluations.StartAsync(runId, new EvaluationRequest(task.ToLowerInvariant(), data!, model, shards, output, body.DumpFeatures ?? false, adapter, body.Ocr));
            return TypedResults.Accepted($"/evaluations/{runId}", EvaluationResponse.From(status));
        }
        catch (ArgumentException exception)
        {
            return Problems.BadRequest(new FieldError(exception.ParamName is "model" or "adapter" or "ocr" ? exception.ParamName : "$", exception.Message));
        }
    }

    public static async Task<Ok<List<EvaluationResponse>>> List([AsParameters] EvaluationServices services) =>
        TypedResults.Ok((await services.Evaluations.ListAsync()).Select(EvaluationResponse.From).ToList());

    public static async Task<Results<Ok<EvaluationResponse>, ProblemHttpResult>> Get(string runId, [AsParameters] EvaluationServices services) =>
        await services.Evaluations.GetAsync(runId) is { } status ? TypedResults.Ok(EvaluationResponse.From(status)) : RunMissing(runId);

    public static async Task<Results<Ok<EvaluationResponse>, ProblemHttpResult>> Cancel(string runId, [AsParameters] EvaluationServices services) =>
        await services.Evaluations.CancelAsync(runId) is { } status ? TypedResults.Ok(EvaluationResponse.From(status)) : RunMissing(runId);

    /// <summary>
    /// Runs again, under the same id and into the same output folder, a run that ended without completing
    /// (Interrupted by a stopped process, Failed or Cancelled); a running or completed run is a 409.
    /// </summary>
    public static async Task<Results<Accepted<EvaluationResponse>, ProblemHttpResult>> Restart(string runId, [AsParameters] EvaluationServices services)
    {
        if (await services.Evaluations.GetAsync(runId) is not { } status) return RunMissing(runId);
        if (!Restartable.Contains(status.Phase))
        {
            return Problems.Conflict("runId", $"run '{runId}' is {status.Phase}; only an Interrupted, Failed or Cancelled run can be restarted.");
        }
        var restarted = await services.Evaluations.RestartAsync(runId);
        return restarted is null ? RunMissing(runId) : TypedResults.Accepted($"/evaluations/{runId}", EvaluationResponse.From(restarted));
    }

    private static readonly HashSet<string> Restartable = ["Interrupted", "Failed", "Cancelled"];

    private static ProblemHttpResult RunMissing(string runId) => Problems.NotFound("runId", $"no evaluation run '{runId}' is known to the cluster.");
}
