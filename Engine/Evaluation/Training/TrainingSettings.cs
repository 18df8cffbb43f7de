using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Engine.Evaluation.Training;

/// <summary>What to learn (an adapter of one space, or an alignment of photos and texts), with which seed and alignment method, and the encoding batch sizes.</summary>
public sealed record TrainingSettings(
    AdapterKind Kind,
    int Seed = 0,
    AlignmentMethod Method = AlignmentMethod.Cca,
    int EncodeBatch = 64,
    int EncodeConcurrency = 4);

/// <summary>Where a training run is: a phase (encoding photos, encoding texts, training) and its items done of the total.</summary>
public sealed record TrainingProgress(string Phase, long Done, long Total);
