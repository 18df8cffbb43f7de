using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Gateway.Hosting;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

public static class EvaluationsApi
{
    public static RouteGroupBuilder MapEvaluationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/evaluations").WithTags("Evaluations");
        group.MapPost("/", Start).WithName("StartEvaluation").Accepts<StartEvaluationRequest>("application/json")
            .Produces<EvaluationResponse>(StatusCodes.Status202Accepted).ProducesProblem(400);
        group.MapGet("/", List).WithName("ListEvaluations");
        group.MapGet("/{runId}", Get).WithName("GetEvaluation").Produces<EvaluationResponse>().ProducesProblem(404);
        group.MapPost("/{runId}/cancel", Cancel).WithName("CancelEvaluation").Produces<EvaluationResponse>().ProducesProblem(404);
        return group;
    }

    /// <summary>Starts a run in the cluster and answers at once (202); progress is read from <c>GET /evaluations/{id}</c>.</summary>
    public static async Task<IResult> Start(HttpRequest request, ClusterEvaluations evaluations, IOptions<EvaluationOptions> options, DataRoot dataRoot, IConfiguration configuration, IOptions<RequestLimits> limits, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<StartEvaluationRequest>(request, limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        if (body?.Task is not { } task || !EvaluationRequestParser.Tasks.Contains(task.ToLowerInvariant()))
        {
            return Problems.BadRequest(new FieldError("task", $"must be one of {string.Join(", ", EvaluationRequestParser.Tasks)}."));
        }
        var root = string.IsNullOrWhiteSpace(options.Value.DataRoot) ? dataRoot : new DataRoot(options.Value.DataRoot);
        var (data, dataError) = root.ResolveDirectory(body.Data ?? "");
        if (dataError is not null) return Problems.BadRequest(new FieldError("data", $"{dataError} (data root: {root.Root})"));
        var shards = body.Shards ?? 4;
        if (shards is < 1 or > 64) return Problems.BadRequest(new FieldError("shards", "must be from 1 to 64."));
        var runId = evaluations.NewRunId(task);
        var outputRoot = options.Value.OutputRoot is { Length: > 0 } configured
            ? configured
            : Path.Combine(UmsClusterHosting.DataDirectory(configuration), "evaluations");
        var output = Path.Combine(Path.GetFullPath(outputRoot), runId);
        try
        {
            var status = await evaluations.StartAsync(runId, new EvaluationRequest(task.ToLowerInvariant(), data!, body.Model ?? "default", shards, output, body.DumpFeatures ?? false));
            return TypedResults.Accepted($"/evaluations/{runId}", EvaluationResponse.From(status));
        }
        catch (ArgumentException exception)
        {
            return Problems.BadRequest(new FieldError(exception.ParamName == "model" ? "model" : "$", exception.Message));
        }
    }

    public static async Task<IResult> List(ClusterEvaluations evaluations) =>
        TypedResults.Ok((await evaluations.ListAsync()).Select(EvaluationResponse.From).ToList());

    public static async Task<IResult> Get(string runId, ClusterEvaluations evaluations) =>
        await evaluations.GetAsync(runId) is { } status ? TypedResults.Ok(EvaluationResponse.From(status)) : RunMissing(runId);

    public static async Task<IResult> Cancel(string runId, ClusterEvaluations evaluations) =>
        await evaluations.CancelAsync(runId) is { } status ? TypedResults.Ok(EvaluationResponse.From(status)) : RunMissing(runId);

    private static IResult RunMissing(string runId) => Problems.NotFound("runId", $"no evaluation run '{runId}' is known to the cluster.");
}
