using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// One training job: reads every shard of the collection from the catalog store into a <see cref="TrainingSetBuilder"/>,
/// trains the adapter the plan asks for, and saves it as the collection's next version with the label it learned from.
/// Progress goes to the <see cref="TrainingProgress"/>; its token stops the job between products and between candidate
/// regularisations, and a save that has not committed.
/// </summary>
public sealed class AdapterTrainingRunner(ICatalogStore store)
{
    /// <param name="expectedProducts">The collection's product count for the reading step's total (0 when unknown).</param>
    public async Task<AdapterTrainingResult> RunAsync(CollectionSpec collection, AdapterTrainingPlan plan, long expectedProducts, TrainingProgress progress)
    {
        var token = progress.Token;
        progress.Start(AdapterTrainingStep.ReadingProducts, expectedProducts);
        var builder = new TrainingSetBuilder(plan);
        for (var shard = 0; shard < collection.Shards; shard++)
        {
            await foreach (var product in store.ReadShardAsync(collection.Name, shard, collection.RoutingVersion, token))
            {
                builder.Add(product);
                progress.Advance();
            }
        }
        var set = builder.Build();

        Adapter adapter;
        if (plan.Kind == AdapterKind.Adapt)
        {
            var options = plan.AdaptationOptions();
            progress.Start(AdapterTrainingStep.Training, AdaptationTrainer.Steps(options));
            adapter = AdaptationTrainer.Train(set.Photos, set.Labels, options, () => progress.Advance(), token);
        }
        else
        {
            var options = plan.AlignmentOptions();
            progress.Start(AdapterTrainingStep.Training, AlignmentTrainer.Steps(options));
            adapter = AlignmentTrainer.Train(set.Photos, set.Texts!, set.Labels, options, () => progress.Advance(), token);
        }

        progress.Start(AdapterTrainingStep.Saving, 1);
        token.ThrowIfCancellationRequested();
        var stored = await store.SaveAdapterAsync(collection, adapter, plan.Label.Text, token);
        progress.Advance();
        return new AdapterTrainingResult(stored, set.Counts);
    }
}
