using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Tests.Adaptation;

public sealed class AdaptationTrainerTests
{
    private const int Dimension = 24;
    private const int Labels = 10;
    private const int SignalDirections = 3;
    private const int NuisanceDirections = 6;

    [Fact]
    public void The_discriminative_subspace_is_recovered_and_the_nuisance_directions_are_ignored()
    {
        var space = new SyntheticSpaces.LabeledSpace(seed: 1, Dimension, Labels, SignalDirections, NuisanceDirections);
        var (vectors, labels) = space.Sample(perLabel: 12);

        var adapter = AdaptationTrainer.Train(vectors, labels, new AdaptationOptions { MaxDimension = SignalDirections });

        var map = adapter.Maps.Single();
        Assert.Equal(SignalDirections, adapter.TargetDimension);
        // Through W (no centring, no normalisation) a nuisance direction must come out at most 5 % as long as
        // the weakest signal direction: the map has found the label's subspace, not the high-variance one.
        var weakestSignal = space.Signal.Min(direction => Through(map, direction));
        var strongestNuisance = space.Nuisance.Max(direction => Through(map, direction));
        Assert.True(strongestNuisance < 0.05 * weakestSignal, $"nuisance {strongestNuisance:G3} vs signal {weakestSignal:G3}");
    }

    [Fact]
    public void Adapted_vectors_find_their_label_where_raw_cosine_does_not()
    {
        var space = new SyntheticSpaces.LabeledSpace(seed: 2, Dimension, Labels, SignalDirections, NuisanceDirections);
        var (train, trainLabels) = space.Sample(perLabel: 12);
        var (gallery, galleryLabels) = space.Sample(perLabel: 3);
        var (queries, queryLabels) = space.Sample(perLabel: 5);

        var adapter = AdaptationTrainer.Train(train, trainLabels);

        var raw = Retrieval.HitRate(SyntheticSpaces.Normalized(queries), queryLabels, SyntheticSpaces.Normalized(gallery), galleryLabels, 1);
        var adapted = Retrieval.HitRate(adapter.Project("image", queries), queryLabels, adapter.Project("image", gallery), galleryLabels, 1);
        Assert.True(raw < 0.6, $"the nuisance should hide the labels from raw cosine (top-1 {raw:F2})");
        Assert.True(adapted >= 0.95, $"adapted top-1 {adapted:F2}");
        Assert.Equal(Labels - 1, adapter.TargetDimension);
    }

    [Fact]
    public void Validation_scores_every_candidate_and_keeps_the_best()
    {
        var (vectors, labels) = new SyntheticSpaces.LabeledSpace(seed: 3, Dimension, Labels, SignalDirections, NuisanceDirections).Sample(perLabel: 6);
        double[] candidates = [0.001, 0.1, 0.9];

        var adapter = AdaptationTrainer.Train(vectors, labels, new AdaptationOptions { Shrinkages = candidates });

        Assert.Equal(candidates, adapter.Validation.Select(s => s.Regularisation));
        var best = adapter.Validation.Max(s => s.TopOne);
        Assert.Equal(best, adapter.Validation.Single(s => s.Regularisation == adapter.Training.Regularisation).TopOne);
        Assert.Equal(new AdapterTraining("lda", adapter.Training.Regularisation, Labels * 6, Labels, 0), adapter.Training);
    }

    [Fact]
    public void Too_few_vectors_per_label_is_refused_naming_the_minimum()
    {
        var (vectors, labels) = new SyntheticSpaces.LabeledSpace(seed: 4, Dimension, Labels, SignalDirections, NuisanceDirections).Sample(perLabel: 2);

        var exception = Assert.Throws<InsufficientTrainingDataException>(() => AdaptationTrainer.Train(vectors, labels));

        Assert.Equal(AdaptationTrainer.MinimumVectorsPerLabel, exception.Minimum);
        Assert.Equal(2, exception.Found);
        Assert.Contains($"at least {AdaptationTrainer.MinimumVectorsPerLabel} vectors per label", exception.Message);
    }

    [Fact]
    public void A_single_label_is_refused_naming_the_minimum()
    {
        var (vectors, _) = new SyntheticSpaces.LabeledSpace(seed: 5, Dimension, 1, SignalDirections, NuisanceDirections).Sample(perLabel: 8);

        var exception = Assert.Throws<InsufficientTrainingDataException>(() => AdaptationTrainer.Train(vectors, [.. Enumerable.Repeat("only", 8)]));

        Assert.Equal(AdaptationTrainer.MinimumLabels, exception.Minimum);
        Assert.Contains("at least 2 distinct labels", exception.Message);
    }

    [Fact]
    public void Labels_must_match_the_vectors_one_for_one()
    {
        var (vectors, labels) = new SyntheticSpaces.LabeledSpace(seed: 6, Dimension, Labels, SignalDirections, NuisanceDirections).Sample(perLabel: 4);

        Assert.Throws<ArgumentException>(() => AdaptationTrainer.Train(vectors, labels[1..]));
    }

    private static double Through(LinearMap map, double[] direction)
    {
        var sum = 0.0;
        for (var j = 0; j < map.OutputDimension; j++)
        {
            var component = 0.0;
            for (var i = 0; i < map.InputDimension; i++) component += direction[i] * map.Weights[i * map.OutputDimension + j];
            sum += component * component;
        }
        return Math.Sqrt(sum);
    }
}
