using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Training;

/// <summary>
/// A trained adapter and what it took: the photos (and texts) encoded, the rows used (vectors, distinct labels,
/// photo–text pairs), labels left out for having too few photos, items skipped with the reason, the time spent
/// encoding and training, and the memory peaks while training (managed heap, and the process working set).
/// </summary>
public sealed record TrainingOutcome(
    Adapter Adapter,
    int PhotosEncoded,
    int TextsEncoded,
    int LabelsLeftOut,
    IReadOnlyList<SkippedItem> Skipped,
    TimeSpan EncodingTime,
    TimeSpan TrainingTime,
    long PeakManagedBytes,
    long PeakProcessBytes);
