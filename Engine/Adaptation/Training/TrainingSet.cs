namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// A trainer's input: photo vectors, row i labeled <see cref="Labels"/>[i]; for align, <see cref="Texts"/>[i] is the
/// text vector photo i is paired with (its product's), and the label groups the pairs. <see cref="Counts"/> says how
/// the set was made.
/// </summary>
public sealed record TrainingSet(VectorRows Photos, VectorRows? Texts, IReadOnlyList<string> Labels, TrainingSetCounts Counts);
