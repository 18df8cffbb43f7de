using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Adapters;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Training;
using UmsOrleans.Tests.Evaluation;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>
/// Training from a dataset's training split, without a cluster: grocery subsets in the layouts, encoded by the
/// pixel-projection stand-in model; what is refused before anything is encoded; adapters checked against a model.
/// </summary>
public sealed class AdapterTrainingRunTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("adapter-training");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_adapt_run_on_the_catalog_train_split_maps_the_models_image_space()
    {
        var data = GrocerySubsets.Catalog(Path.Combine(_root, "catalog"), products: 5, trainPerProduct: 4, testPerProduct: 1);
        var split = TrainingSplit.Open(EvalLayout.Catalog, data, AdapterKind.Adapt);
        var progress = new List<TrainingProgress>();

        var outcome = await AdapterTrainingRun.RunAsync(split, new PixelProjectionEncoder(), new TrainingSettings(AdapterKind.Adapt), new SyncProgress(progress), CancellationToken.None);

        var adapter = AdapterCodec.Read(AdapterCodec.Write(outcome.Adapter));
        var map = Assert.Single(adapter.Maps);
        Assert.Equal(("image", PixelProjectionEncoder.Dimension, "image.adapted", 4), (map.SourceSpace, map.InputDimension, adapter.TargetSpace, adapter.TargetDimension));
        Assert.Equal((20, 5, 0), (adapter.Training.Vectors, adapter.Training.Labels, adapter.Training.Pairs));
        Assert.Equal(20, outcome.PhotosEncoded);
        Assert.NotEmpty(adapter.Validation);
        Assert.True(outcome.PeakManagedBytes > 0 && outcome.PeakProcessBytes > 0);
        Assert.Equal([AdapterTrainingRun.EncodingPhotos, AdapterTrainingRun.Training], progress.Select(p => p.Phase).Distinct());
        Assert.Equal(new TrainingProgress(AdapterTrainingRun.Training, 1, 1), progress[^1]);
    }

    [Fact]
    public async Task An_align_run_pairs_each_photo_with_its_title_and_maps_both_spaces()
    {
        var data = GrocerySubsets.Catalog(Path.Combine(_root, "catalog"), products: 5, trainPerProduct: 4, testPerProduct: 1);
        var split = TrainingSplit.Open(EvalLayout.Catalog, data, AdapterKind.Align);

        var outcome = await AdapterTrainingRun.RunAsync(split, new PixelProjectionEncoder(withText: true), new TrainingSettings(AdapterKind.Align, Method: AlignmentMethod.Ridge), null, CancellationToken.None);

        Assert.Equal(["image", "text"], outcome.Adapter.Maps.Select(m => m.SourceSpace));
        Assert.Equal(("ridge", 20), (outcome.Adapter.Training.Method, outcome.Adapter.Training.Pairs));
        Assert.Equal((20, 5), (outcome.PhotosEncoded, outcome.TextsEncoded)); // one title per product, encoded once
    }

    [Fact]
    public void A_split_that_cannot_train_the_kind_is_refused_before_encoding()
    {
        var sop = GrocerySubsets.SopTrain(Path.Combine(_root, "sop"), classes: 3, perClass: 2);
        var align = Assert.Throws<ArgumentException>(() => TrainingSplit.Open(EvalLayout.Sop, sop, AdapterKind.Align));
        Assert.Contains("photos only", align.Message);

        var tooFew = Assert.Throws<InsufficientTrainingDataException>(() => AdapterTrainingRun.Plan(TrainingSplit.Open(EvalLayout.Sop, sop, AdapterKind.Adapt), AdapterKind.Adapt));
        Assert.Contains("labels with 3 or more photos", tooFew.Message);

        var noSplit = Assert.Throws<ArgumentException>(() => TrainingSplit.Open(EvalLayout.InShop, sop, AdapterKind.Adapt));
        Assert.Contains("list_eval_partition.txt", noSplit.Message);
        var ctc = Assert.Throws<ArgumentException>(() => TrainingSplit.Open(EvalLayout.Ctc, sop, AdapterKind.Align));
        Assert.Contains("--train-list", ctc.Message);
    }

    [Fact]
    public void An_adapter_of_another_dimension_or_space_does_not_fit_the_model()
    {
        var wide = new Adapter(AdapterKind.Adapt, "image.adapted", 2, [new LinearMap("image", 512, 2, new float[512], new float[1024])],
            new AdapterTraining("lda", 0.1, 9, 3, 0), [], 0);
        var wrongDimension = Assert.Throws<ArgumentException>(() => EvaluationAdapter.For("wide.bin", wide, new PixelProjectionEncoder()));
        Assert.Contains($"reads 512-d 'image' vectors but model 'test-pixel-projection' makes {PixelProjectionEncoder.Dimension}-d ones", wrongDimension.Message);

        var text = wide with { Maps = [new LinearMap("text", PixelProjectionEncoder.Dimension, 2, new float[48], new float[96])] };
        var noText = Assert.Throws<ArgumentException>(() => EvaluationAdapter.For("text.bin", text, new PixelProjectionEncoder()));
        Assert.Contains("maps space 'text', which model 'test-pixel-projection' does not encode", noText.Message);
    }

    private sealed class SyncProgress(List<TrainingProgress> seen) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => seen.Add(value);
    }
}
