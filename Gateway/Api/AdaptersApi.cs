using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// A collection's adapters: training jobs started in the cluster (answered at once, followed under <c>/jobs</c>) and
/// the versions they stored.
/// </summary>
public static class AdaptersApi
{
    /// <summary>Enough facet values to count a label attribute's string values even when other kinds come first.</summary>
    private const int LabelValuesLimit = 1000;

    public static RouteGroupBuilder MapAdaptersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections/{name}/adapters").WithTags("Adapters");
        group.MapPost("/", Train).WithName("TrainAdapter").Accepts<TrainAdapterRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        group.MapGet("/", List).WithName("ListAdapters").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/{version:int}", Get).WithName("GetAdapter").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/jobs", ListJobs).WithName("ListAdapterJobs").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/jobs/{jobId}", GetJob).WithName("GetAdapterJob").ProducesProblem(404);
        group.MapPost("/jobs/{jobId}/cancel", CancelJob).WithName("CancelAdapterJob").ProducesProblem(404);
        group.MapPost("/{version}/activate", AdapterActivationApi.Activate).WithName("ActivateAdapter").ProducesProblem(400).ProducesProblem(404).ProducesProblem(507);
        return group;
    }

    /// <summary>
    /// Checks the request against the collection (the fields, the label attribute, and what the shards' counts can
    /// already tell about too small a training set), then starts the job and answers 202 at once.
    /// </summary>
    public static async Task<Results<Accepted<AdapterJobResponse>, ProblemHttpResult>> Train(
        string name, HttpRequest request, [AsParameters] AdapterServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<TrainAdapterRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        body ??= new TrainAdapterRequest(null, null);
        if (await services.Catalog.GetCollectionAsync(name) is not { } spec) return CollectionsApi.CollectionMissing(name);
        try
        {
            var plan = AdapterTrainingPlan.Create(spec, body.Kind, body.Label, body.Seed, body.Method, body.TextSpace);
            var shards = await services.Catalog.GetShardStatsAsync(spec, cancellationToken);
            IReadOnlyList<FacetValueCount>? labelValues = null;
            if (plan.Label.Attribute is { } attribute)
            {
                var (facets, _) = await services.Catalog.CountFacetsAsync(spec, null, [FilterKey.Attribute(attribute)], [], LabelValuesLimit, cancellationToken);
                labelValues = facets.FirstOrDefault()?.Values ?? [];
            }
            if (TrainingPrecheck.Check(name, plan, shards, labelValues) is { } tooSmall) throw tooSmall;
        }
        catch (InvalidTrainingRequestException exception)
        {
            return Problems.BadRequest(new FieldError(exception.Field, exception.Message));
        }
        var jobId = services.Adapters.NewJobId();
        var status = await services.Adapters.StartAsync(jobId, new AdapterTrainingRequest(name, body.Kind!, body.Label!, body.Seed ?? 0, body.Method, body.TextSpace));
        return TypedResults.Accepted($"/collections/{name}/adapters/jobs/{jobId}", AdapterJobResponse.From(status));
    }

    public static async Task<Results<Ok<AdaptersResponse>, ProblemHttpResult>> List(string name, [AsParameters] AdapterServices services)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        return await services.Adapters.ListAdaptersAsync(name) is { } list
            ? TypedResults.Ok(AdaptersResponse.From(name, list.Active, list.Adapters))
            : CollectionsApi.CollectionMissing(name);
    }

    public static async Task<Results<Ok<AdapterResponse>, ProblemHttpResult>> Get(string name, int version, [AsParameters] AdapterServices services)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        if (await services.Catalog.GetCollectionAsync(name) is not { } spec) return CollectionsApi.CollectionMissing(name);
        return await services.Adapters.GetAdapterAsync(name, version) is { } adapter
            ? TypedResults.Ok(AdapterResponse.From(adapter, spec.ActiveAdapter))
            : Problems.NotFound("version", $"collection '{name}' has no adapter version {version}.");
    }

    /// <summary>The collection's training jobs, newest first (they outlive restarts: the rows are in the job store).</summary>
    public static async Task<Results<Ok<List<AdapterJobResponse>>, ProblemHttpResult>> ListJobs(string name, [AsParameters] AdapterServices services)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        if (await services.Catalog.GetCollectionAsync(name) is null) return CollectionsApi.CollectionMissing(name);
        return TypedResults.Ok((await services.Adapters.ListJobsAsync(name)).Select(AdapterJobResponse.From).ToList());
    }

    public static async Task<Results<Ok<AdapterJobResponse>, ProblemHttpResult>> GetJob(string name, string jobId, [AsParameters] AdapterServices services) =>
        await services.Adapters.GetJobAsync(jobId) is { } status && status.Request.Collection == name
            ? TypedResults.Ok(AdapterJobResponse.From(status))
            : JobMissing(name, jobId);

    /// <summary>Asks the job to stop; it reads Cancelled once it reaches its next check (a completed job stays Completed).</summary>
    public static async Task<Results<Ok<AdapterJobResponse>, ProblemHttpResult>> CancelJob(string name, string jobId, [AsParameters] AdapterServices services)
    {
        if (await services.Adapters.GetJobAsync(jobId) is not { } known || known.Request.Collection != name) return JobMissing(name, jobId);
        return await services.Adapters.CancelJobAsync(jobId) is { } status ? TypedResults.Ok(AdapterJobResponse.From(status)) : JobMissing(name, jobId);
    }

    private static ProblemHttpResult JobMissing(string name, string jobId) =>
        Problems.NotFound("jobId", $"collection '{name}' has no adapter training job '{jobId}'.");
}
