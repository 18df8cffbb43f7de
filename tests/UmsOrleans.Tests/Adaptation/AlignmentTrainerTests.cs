using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Tests.Adaptation;

public sealed class AlignmentTrainerTests
{
    [Theory]
    [InlineData(AlignmentMethod.Cca)]
    [InlineData(AlignmentMethod.Ridge)]
    public void Fresh_pairs_from_the_same_hidden_maps_find_each_other(AlignmentMethod method)
    {
        var spaces = new SyntheticSpaces.PairedSpaces(seed: 11, photoDimension: 20, textDimension: 12, latent: 4);
        var (photos, texts, groups) = spaces.Sample(groups: 30, perGroup: 6, jitter: 0.3);
        // Fresh latents: every pair its own group, never seen in training.
        var (freshPhotos, freshTexts, freshGroups) = spaces.Sample(groups: 60, perGroup: 1, jitter: 0);

        var adapter = AlignmentTrainer.Train(photos, texts, groups, new AlignmentOptions { Method = method });

        var photosShared = adapter.Project("image", freshPhotos);
        var textsShared = adapter.Project("text", freshTexts);
        Assert.Equal(adapter.TargetDimension, photosShared.Dimension);
        Assert.Equal(adapter.TargetDimension, textsShared.Dimension);
        var photoToText = Retrieval.HitRate(photosShared, freshGroups, textsShared, freshGroups, 1);
        var textToPhoto = Retrieval.HitRate(textsShared, freshGroups, photosShared, freshGroups, 1);
        Assert.True(photoToText >= 0.9, $"photo → text top-1 {photoToText:F2}");
        Assert.True(textToPhoto >= 0.9, $"text → photo top-1 {textToPhoto:F2}");
    }

    [Fact]
    public void Unrelated_pairs_do_not_align()
    {
        var spaces = new SyntheticSpaces.PairedSpaces(seed: 12, photoDimension: 20, textDimension: 12, latent: 4);
        var (photos, _, groups) = spaces.Sample(groups: 30, perGroup: 6, jitter: 0.3);
        var (_, unrelatedTexts, _) = spaces.Sample(groups: 30, perGroup: 6, jitter: 0.3);
        var (freshPhotos, freshTexts, freshGroups) = spaces.Sample(groups: 60, perGroup: 1, jitter: 0);

        var adapter = AlignmentTrainer.Train(photos, unrelatedTexts, groups);

        var photoToText = Retrieval.HitRate(adapter.Project("image", freshPhotos), freshGroups, adapter.Project("text", freshTexts), freshGroups, 1);
        Assert.True(photoToText < 0.2, $"photo → text top-1 {photoToText:F2} from pairs that share nothing");
    }

    [Fact]
    public void The_summary_counts_pairs_and_groups()
    {
        var (photos, texts, groups) = new SyntheticSpaces.PairedSpaces(13, 20, 12, 4).Sample(groups: 10, perGroup: 3, jitter: 0.3);

        var adapter = AlignmentTrainer.Train(photos, texts, groups, new AlignmentOptions { Method = AlignmentMethod.Ridge });

        Assert.Equal(AdapterKind.Align, adapter.Kind);
        Assert.Equal(["image", "text"], adapter.Maps.Select(m => m.SourceSpace));
        Assert.Equal(("ridge", 30, 10, 60), (adapter.Training.Method, adapter.Training.Pairs, adapter.Training.Labels, adapter.Training.Vectors));
        Assert.Equal(20, adapter.TargetDimension);
    }

    [Fact]
    public void Too_few_pairs_are_refused_naming_the_minimum()
    {
        var (photos, texts, groups) = new SyntheticSpaces.PairedSpaces(14, 20, 12, 4).Sample(groups: 5, perGroup: 3, jitter: 0.3);

        var exception = Assert.Throws<InsufficientTrainingDataException>(() => AlignmentTrainer.Train(photos, texts, groups));

        Assert.Equal(AlignmentTrainer.MinimumPairs, exception.Minimum);
        Assert.Contains($"at least {AlignmentTrainer.MinimumPairs} photo–text pairs; found 15", exception.Message);
    }

    [Fact]
    public void Pairs_without_a_repeated_group_cannot_be_validated()
    {
        var (photos, texts, groups) = new SyntheticSpaces.PairedSpaces(15, 20, 12, 4).Sample(groups: 20, perGroup: 1, jitter: 0);

        var exception = Assert.Throws<InsufficientTrainingDataException>(() => AlignmentTrainer.Train(photos, texts, groups));

        Assert.Equal(AlignmentTrainer.MinimumGroups, exception.Minimum);
    }

    [Fact]
    public void Photos_and_texts_must_pair_up()
    {
        var (photos, texts, groups) = new SyntheticSpaces.PairedSpaces(16, 20, 12, 4).Sample(groups: 10, perGroup: 3, jitter: 0.3);

        var exception = Assert.Throws<ArgumentException>(() => AlignmentTrainer.Train(photos, texts.Select([.. Enumerable.Range(0, 29)]), groups));

        Assert.Contains("must pair up", exception.Message);
    }
}
