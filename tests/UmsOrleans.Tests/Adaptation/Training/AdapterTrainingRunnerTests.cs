using Microsoft.Data.Sqlite;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Adaptation.Training.TrainingProducts;

namespace UmsOrleans.Tests.Adaptation.Training;

/// <summary>The job runner over a real SQLite catalog: reads every shard, trains, saves the next version; reports its steps; stops when cancelled.</summary>
public sealed class AdapterTrainingRunnerTests : IAsyncLifetime
{
    private readonly string _directory = TestPaths.NewTempDirectory("adapter-runner");
    private SqliteCatalogStore _store = null!;
    private CollectionSpec _spec = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteCatalogStore(Path.Combine(_directory, "catalog.db"));
        await _store.InitializeAsync();
        (_spec, _) = await _store.CreateCollectionAsync(Spec);
        // Six shelves of four products, three photos each, spread over both shards; two products that cannot be used.
        var products = Enumerable.Range(0, 24).Select(i => WithShelf($"p{i:00}", 3, $"shelf-{i % 6}")).Append(Product("bare", 0)).Append(Product("unshelved", 3)).ToList();
        await _store.UpsertProductsAsync(_spec, 0, [.. products.Where((_, i) => i % 2 == 0)]);
        await _store.UpsertProductsAsync(_spec, 1, [.. products.Where((_, i) => i % 2 == 1)]);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_job_reads_every_shard_trains_and_saves_the_next_version_reporting_each_step()
    {
        var plan = AdapterTrainingPlan.Create(_spec, "adapt", "attributes.shelf", 3, null, null);
        using var progress = new TrainingProgress(TimeProvider.System);
        var steps = new List<TrainingSnapshot>();
        progress.Changed = () => steps.Add(progress.Snapshot());

        var first = await new AdapterTrainingRunner(_store).RunAsync(_spec, plan, 26, progress);
        var second = await new AdapterTrainingRunner(_store).RunAsync(_spec, plan, 26, new TrainingProgress(TimeProvider.System));

        Assert.Equal((1, 2), (first.Adapter.Version, second.Adapter.Version));
        Assert.Equal("attributes.shelf", first.Adapter.Label);
        Assert.Equal((AdapterKind.Adapt, "image.adapted"), (first.Adapter.Kind, first.Adapter.TargetSpace));
        Assert.Equal(new TrainingSetCounts(26, 24, 1, 1, 0, 0, 0, 0, 72, 6, 0, AdapterTrainingPlan.DefaultMaxPhotos), first.TrainingSet);
        Assert.Equal(plan.AdaptationOptions().Shrinkages.Count, first.Adapter.Validation.Count);
        Assert.Equal(
            [(AdapterTrainingStep.ReadingProducts, 26L), (AdapterTrainingStep.Training, (long)AdaptationTrainer.Steps(plan.AdaptationOptions())), (AdapterTrainingStep.Saving, 1L)],
            steps.Select(s => (s.Step, s.Total)));
        Assert.Equal((AdapterTrainingStep.Saving, 1L, 1L), (progress.Snapshot().Step, progress.Snapshot().Done, progress.Snapshot().Total));
        var stored = await _store.GetAdapterAsync(_spec.Name, 1);
        Assert.Equal(AdapterCodec.Write(stored!.Value.Adapter), AdapterCodec.Write((await _store.GetAdapterAsync(_spec.Name, 2))!.Value.Adapter)); // same data and seed
    }

    [Fact]
    public async Task Cancelling_during_training_stops_the_job_before_anything_is_saved()
    {
        var plan = AdapterTrainingPlan.Create(_spec, "adapt", "product", 0, null, null);
        using var progress = new TrainingProgress(TimeProvider.System);
        progress.Changed = () =>
        {
            if (progress.Snapshot().Step == AdapterTrainingStep.Training) progress.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new AdapterTrainingRunner(_store).RunAsync(_spec, plan, 26, progress));

        Assert.Equal(0, progress.Snapshot().Done);
        Assert.Empty(await _store.ListAdaptersAsync(_spec.Name));
    }

    [Fact]
    public async Task Too_small_a_set_fails_before_training()
    {
        var plan = AdapterTrainingPlan.Create(_spec, "align", "attributes.shelf", 0, null, null) with { MaxPhotos = 10 };
        using var progress = new TrainingProgress(TimeProvider.System);

        var error = await Assert.ThrowsAsync<InsufficientTrainingDataException>(() => new AdapterTrainingRunner(_store).RunAsync(_spec, plan, 26, progress));

        Assert.Contains("left out to stay within 10 photos", error.Message);
        Assert.Equal(AdapterTrainingStep.ReadingProducts, progress.Snapshot().Step);
        Assert.Equal(26, progress.Snapshot().Done);
    }

    [Fact]
    public void Each_trainer_reports_one_step_per_candidate_and_one_for_the_final_fit()
    {
        var (vectors, labels) = new SyntheticSpaces.LabeledSpace(seed: 4, 12, 5, 2, 3).Sample(perLabel: 4);
        var (photos, texts, groups) = new SyntheticSpaces.PairedSpaces(5, 10, 8, 3).Sample(groups: 8, perGroup: 3, jitter: 0.3);
        int adaptSteps = 0, alignSteps = 0;

        var adapted = AdaptationTrainer.Train(vectors, labels, null, () => adaptSteps++);
        var aligned = AlignmentTrainer.Train(photos, texts, groups, null, () => alignSteps++);

        Assert.Equal(AdaptationTrainer.Steps(new AdaptationOptions()), adaptSteps);
        Assert.Equal(AlignmentTrainer.Steps(new AlignmentOptions()), alignSteps);
        Assert.Equal(AdapterCodec.Write(AdaptationTrainer.Train(vectors, labels)), AdapterCodec.Write(adapted));
        Assert.Equal(AdapterCodec.Write(AlignmentTrainer.Train(photos, texts, groups)), AdapterCodec.Write(aligned));
    }
}
