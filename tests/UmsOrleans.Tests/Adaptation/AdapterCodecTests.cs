using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Tests.Adaptation;

public sealed class AdapterCodecTests
{
    [Fact]
    public void The_same_labeled_data_and_seed_give_identical_bytes()
    {
        var (vectors, labels) = LabeledData(seed: 21);

        var first = AdapterCodec.Write(AdaptationTrainer.Train(vectors, labels, new AdaptationOptions { Seed = 7 }));
        var second = AdapterCodec.Write(AdaptationTrainer.Train(vectors, labels, new AdaptationOptions { Seed = 7 }));

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_same_pairs_and_seed_give_identical_bytes()
    {
        var (photos, texts, groups) = new SyntheticSpaces.PairedSpaces(22, 20, 12, 4).Sample(groups: 12, perGroup: 4, jitter: 0.3);

        var first = AdapterCodec.Write(AlignmentTrainer.Train(photos, texts, groups, new AlignmentOptions { Seed = 3 }));
        var second = AdapterCodec.Write(AlignmentTrainer.Train(photos, texts, groups, new AlignmentOptions { Seed = 3 }));

        Assert.Equal(first, second);
    }

    [Fact]
    public void An_adapter_read_back_projects_and_describes_itself_as_before()
    {
        var (vectors, labels) = LabeledData(seed: 23);
        var adapter = AdaptationTrainer.Train(vectors, labels, new AdaptationOptions { Seed = 5, TargetSpace = "image.products" });
        var bytes = AdapterCodec.Write(adapter);

        var read = AdapterCodec.Read(bytes);

        Assert.Equal((adapter.Kind, adapter.TargetSpace, adapter.TargetDimension, adapter.Seed), (read.Kind, read.TargetSpace, read.TargetDimension, read.Seed));
        Assert.Equal(adapter.Training, read.Training);
        Assert.Equal(adapter.Validation, read.Validation);
        Assert.Equal(adapter.Project("image", vectors).Data, read.Project("image", vectors).Data);
        Assert.Equal(bytes, AdapterCodec.Write(read));
        // Header + the float32 matrices dominate: a 24 → 9 map is 24 + 24·9 floats.
        Assert.InRange(bytes.Length, (24 + 24 * 9) * 4, (24 + 24 * 9) * 4 + 400);
    }

    [Fact]
    public void Bytes_that_are_not_an_adapter_are_refused()
    {
        var bytes = AdapterCodec.Write(AdaptationTrainer.Train(LabeledData(seed: 24).Vectors, LabeledData(seed: 24).Labels));

        Assert.Contains("header", Assert.Throws<InvalidDataException>(() => AdapterCodec.Read("NOTADAPT-and-more"u8)).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => AdapterCodec.Read(bytes.AsSpan(0, bytes.Length - 3))).Message);
        Assert.Contains("follow", Assert.Throws<InvalidDataException>(() => AdapterCodec.Read([.. bytes, 0])).Message);
        var newer = (byte[])bytes.Clone();
        newer[8] = AdapterCodec.FormatVersion + 1;
        Assert.Contains($"version {AdapterCodec.FormatVersion + 1}", Assert.Throws<InvalidDataException>(() => AdapterCodec.Read(newer)).Message);
    }

    [Fact]
    public void Projecting_a_space_the_adapter_does_not_map_is_refused()
    {
        var adapter = AdaptationTrainer.Train(LabeledData(seed: 25).Vectors, LabeledData(seed: 25).Labels);

        var exception = Assert.Throws<ArgumentException>(() => adapter.Project("text", new float[24]));

        Assert.Contains("'image'", exception.Message);
    }

    private static (VectorRows Vectors, string[] Labels) LabeledData(int seed) =>
        new SyntheticSpaces.LabeledSpace(seed, dimension: 24, labels: 10, signal: 3, nuisance: 6).Sample(perLabel: 5);
}
