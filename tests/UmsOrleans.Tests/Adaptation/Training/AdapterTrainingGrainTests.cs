using System.Text.Json;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Adaptation.Training.TrainingProducts;

namespace UmsOrleans.Tests.Adaptation.Training;

/// <summary>The training grain in a real cluster: Start returns at once, status follows the job, Cancel stops it, a row left running reads as Interrupted.</summary>
[Collection(TestClusterCollection.Name)]
public sealed class AdapterTrainingGrainTests(TestClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private async Task<string> CreateCollectionAsync()
    {
        var outcome = await fixture.Catalog.CreateCollectionAsync(Spec with { Name = $"train-{Guid.NewGuid():N}"[..24] });
        var products = Enumerable.Range(0, 12).Select(i => WithShelf($"p{i:00}", 3, $"shelf-{i % 4}")).ToList();
        Assert.All(await fixture.Catalog.UpsertAsync(outcome.Existing, products), item => Assert.True(item.Committed, item.Error));
        return outcome.Existing.Name;
    }

    private IAdapterTrainingGrain Grain(string jobId) => fixture.Cluster.Client.GetGrain<IAdapterTrainingGrain>(jobId);

    /// <summary>The job's row once it reaches <paramref name="phase"/>: the last save follows the live status by a moment.</summary>
    private Task<StoredJob> StoredRowAsync(string jobId, string phase) =>
        Poll.UntilAsync(
            async () => (await fixture.Cluster.Client.GetGrain<IEvaluationRegistryGrain>(0).GetJob(jobId))!,
            row => row?.Phase == phase,
            Deadline,
            row => row?.Phase ?? "no row");

    private static Task<AdapterTrainingStatus> WaitUntilFinishedAsync(IAdapterTrainingGrain grain) =>
        Poll.UntilAsync(async () => (await grain.GetStatus())!, s => s.Finished, Deadline, s => $"{s.Phase} {s.Step} {s.Done}/{s.Total}");

    [Fact]
    public async Task A_started_job_completes_with_the_version_it_stored_and_a_second_start_changes_nothing()
    {
        var collection = await CreateCollectionAsync();
        var grain = Grain($"job-{Guid.NewGuid():N}");

        var started = await grain.Start(new AdapterTrainingRequest(collection, "adapt", "attributes.shelf", 1));
        var again = await grain.Start(new AdapterTrainingRequest(collection, "align", "product", 2));
        var status = await WaitUntilFinishedAsync(grain);

        Assert.Equal("Running", started.Phase);
        Assert.Equal("adapt", again.Request.Kind);
        Assert.Equal(("Completed", "saving", 1L, 1L, 1), (status.Phase, status.Step, status.Done, status.Total, status.Version));
        Assert.Null(status.Error);
        var row = await StoredRowAsync(status.JobId, "Completed");
        Assert.Equal(JobRecord.AdapterTraining, row.Kind);
        Assert.Contains("\"version\":1", row.Result);
    }

    [Fact]
    public async Task Cancel_stops_a_job_while_it_reads_and_nothing_is_saved()
    {
        var collection = await CreateCollectionAsync();
        var grain = Grain($"job-{Guid.NewGuid():N}");
        using var gate = fixture.Probe.HoldShardReads(collection);

        await grain.Start(new AdapterTrainingRequest(collection, "adapt", "product", 0));
        await Poll.UntilAsync(() => Task.FromResult(gate.Entered), entered => entered > 0, Deadline, entered => $"{entered} reads at the gate");
        var running = await grain.GetStatus();
        await grain.Cancel();
        var status = await WaitUntilFinishedAsync(grain);

        Assert.Equal(("Running", "reading products", 12L), (running!.Phase, running.Step, running.Total));
        Assert.Equal("Cancelled", status.Phase);
        Assert.Null(status.Version);
        await StoredRowAsync(status.JobId, "Cancelled");
        Assert.Empty((await fixture.Cluster.Client.GetGrain<IAdapterRegistryGrain>(0).ListAdapters(collection))!.Adapters);
    }

    [Fact]
    public async Task A_job_the_collection_cannot_train_fails_with_the_reason()
    {
        var collection = await CreateCollectionAsync();
        var grain = Grain($"job-{Guid.NewGuid():N}");

        await grain.Start(new AdapterTrainingRequest(collection, "adapt", "attributes.colour", 0));
        var status = await WaitUntilFinishedAsync(grain);

        Assert.Equal("Failed", status.Phase);
        Assert.Contains("at least 2 labels with 3 photos each", status.Error);
        Assert.Contains("12 without a string 'colour' attribute", status.Error);
    }

    [Fact]
    public async Task A_row_left_running_by_a_stopped_process_reads_as_interrupted()
    {
        var jobId = $"job-{Guid.NewGuid():N}";
        var request = JsonSerializer.Serialize(new AdapterTrainingRequest("gone", "adapt", "product", 0));
        var then = DateTimeOffset.UtcNow.AddMinutes(-5);
        await fixture.Cluster.Client.GetGrain<IEvaluationRegistryGrain>(0).SaveJob(
            new StoredJob(jobId, JobRecord.AdapterTraining, request, "Running", 40, 100, then, then.AddSeconds(3), null, null, """{"step":"reading products"}""", null));

        var status = await Grain(jobId).GetStatus();

        Assert.Equal(("Interrupted", "reading products", 40L, 100L, true), (status!.Phase, status.Step, status.Done, status.Total, status.Finished));
        Assert.Contains("interrupted while reading products at 40/100", status.Error);
        Assert.Equal(3, status.ElapsedSeconds, 3);
        Assert.Null(await Grain($"job-{Guid.NewGuid():N}").GetStatus());
    }
}
