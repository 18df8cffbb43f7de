using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Snapshots;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Collection snapshots: written to and restored from the snapshots folder (<c>Ums:Snapshots:Directory</c>), by name.
/// A restore goes into a collection that does not exist yet (409 otherwise) and creates it with the snapshot's settings.
/// </summary>
public static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshotsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections/{name}").WithTags("Snapshots");
        group.MapPost("/snapshots", CreateSnapshot).WithName("CreateSnapshot").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/snapshots", ListSnapshots).WithName("ListSnapshots").ProducesProblem(400);
        group.MapGet("/snapshots/{snapshot}", GetSnapshot).WithName("GetSnapshot").ProducesProblem(400).ProducesProblem(404);
        group.MapPost("/restore", RestoreSnapshot).WithName("RestoreSnapshot").Accepts<RestoreSnapshotRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        return group;
    }

    /// <summary>Writes a snapshot of the collection as it stands at one moment (writes meanwhile are wholly in or wholly out).</summary>
    public static async Task<Results<Created<SnapshotResponse>, ProblemHttpResult>> CreateSnapshot(
        string name, [AsParameters] SnapshotServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        await using var source = await services.Source.OpenReadSnapshotAsync(name, cancellationToken);
        if (source is null) return CollectionsApi.CollectionMissing(name);
        var folder = services.Snapshots.PathOf(SnapshotDirectory.NewName(name, services.Time.GetUtcNow()));
        var info = await SnapshotWriter.WriteAsync(source, folder, services.Time, cancellationToken: cancellationToken);
        SnapshotLog.SnapshotWritten(services.Logger, info.Name, name, info.Products, info.Bytes);
        return TypedResults.Created($"/collections/{name}/snapshots/{info.Name}", SnapshotResponse.Of(info));
    }

    /// <summary>The snapshots taken of this collection name, oldest first (they outlive the collection).</summary>
    public static async Task<Results<Ok<SnapshotResponse[]>, ProblemHttpResult>> ListSnapshots(
        string name, [AsParameters] SnapshotServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var snapshots = await services.Snapshots.ListAsync(name, cancellationToken);
        return TypedResults.Ok(snapshots.Select(SnapshotResponse.Of).ToArray());
    }

    public static async Task<Results<Ok<SnapshotResponse>, ProblemHttpResult>> GetSnapshot(
        string name, string snapshot, [AsParameters] SnapshotServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        try
        {
            var reader = await OpenAsync(services, snapshot, cancellationToken);
            if (reader is null || reader.Manifest.Collection != name) return SnapshotMissing(snapshot);
            return TypedResults.Ok(SnapshotResponse.Of(reader.Info));
        }
        catch (InvalidSnapshotException invalid)
        {
            return Problems.BadRequest(new FieldError(invalid.Field, invalid.Message));
        }
    }

    /// <summary>
    /// Restores <c>{"snapshot": "NAME"}</c> into the collection <c>{name}</c>, which must not exist (409): it is created
    /// with the snapshot's settings and filled through the shards. The snapshot is verified first (400 naming the
    /// snapshot for another format version or a checksum that does not match); a restore that fails once begun deletes
    /// the collection again.
    /// </summary>
    public static async Task<Results<Created<RestoreSnapshotResponse>, ProblemHttpResult>> RestoreSnapshot(
        string name, HttpRequest request, [AsParameters] SnapshotServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<RestoreSnapshotRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        if (string.IsNullOrEmpty(body?.Snapshot)) return Problems.BadRequest(new FieldError("snapshot", "is required: the name of a snapshot (GET /collections/{name}/snapshots lists them)."));
        try
        {
            var reader = await OpenAsync(services, body.Snapshot, cancellationToken);
            if (reader is null) return SnapshotMissing(body.Snapshot);
            var restorer = new SnapshotRestorer(services.Catalog, services.Options.Value.RestoreBatchProducts);
            await restorer.RestoreAsync(reader, name, new LoggedProgress(services.Logger, reader.Name, name), cancellationToken);
            SnapshotLog.Restored(services.Logger, reader.Name, name, reader.Manifest.Products);
            return TypedResults.Created($"/collections/{name}", new RestoreSnapshotResponse(name, reader.Name, reader.Manifest.Products));
        }
        catch (InvalidSnapshotException invalid)
        {
            return Problems.BadRequest(new FieldError(invalid.Field, invalid.Message));
        }
        catch (SnapshotTargetExistsException exists)
        {
            return Problems.Conflict("name", exists.Message);
        }
        catch (SnapshotRestoreFailedException failed)
        {
            SnapshotLog.RestoreFailed(services.Logger, failed, body.Snapshot, name, failed.CleanedUp);
            return failed.InnerException is InvalidSnapshotException invalid
                ? Problems.BadRequest(new FieldError(invalid.Field, failed.Message))
                : Problems.Field(StatusCodes.Status503ServiceUnavailable, "The restore did not complete.", new FieldError("snapshot", failed.Message));
        }
    }

    /// <summary>The snapshot of that name, or null when there is none.</summary>
    /// <exception cref="InvalidSnapshotException">The name is refused, or the folder is not a readable snapshot.</exception>
    private static async Task<SnapshotReader?> OpenAsync(SnapshotServices services, string snapshot, CancellationToken cancellationToken)
    {
        var folder = services.Snapshots.PathOf(snapshot);
        return Directory.Exists(folder) ? await SnapshotReader.OpenAsync(folder, cancellationToken) : null;
    }

    private static ProblemHttpResult SnapshotMissing(string snapshot) => Problems.NotFound("snapshot", $"snapshot '{snapshot}' does not exist.");

    /// <summary>Logs a restore's progress at every tenth of it.</summary>
    private sealed class LoggedProgress(ILogger logger, string snapshot, string collection) : IProgress<SnapshotProgress>
    {
        private long _lastTenth = -1;

        public void Report(SnapshotProgress value)
        {
            var tenth = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            SnapshotLog.RestoreProgress(logger, snapshot, collection, value.Done, value.Total);
        }
    }
}
