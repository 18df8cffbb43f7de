using System.Diagnostics;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Engine.Evaluation.Training;

/// <summary>
/// Learns an adapter from a dataset's training split with a model: the photos (and, for an alignment, the texts)
/// are encoded exactly as an evaluation encodes them (<see cref="BatchEncoder"/>: same batches, same skips, same
/// L2 normalisation), then <see cref="AdaptationTrainer"/> or <see cref="AlignmentTrainer"/> fits the adapter on
/// the model's own space names, so the adapter fits collections and evaluations of that model. A photo or text
/// shared by several rows is encoded once.
/// </summary>
public static class AdapterTrainingRun
{
    public const string EncodingPhotos = "encoding photos";
    public const string EncodingTexts = "encoding texts";
    public const string Training = "training";

    private static readonly TimeSpan MemorySampling = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// What the split offers, read from its list without encoding anything, so a split that cannot train the kind
    /// is refused at once: the rows, and the labels with enough photos (adapt) or the pairs and groups (align).
    /// </summary>
    /// <exception cref="InsufficientTrainingDataException">Too few labels, photos per label or pairs.</exception>
    public static TrainingPlan Plan(TrainingSplit split, AdapterKind kind)
    {
        var items = split.Items.Read(new SkipLog()).ToList();
        var perLabel = items.CountBy(i => i.Label, StringComparer.Ordinal).ToList();
        if (kind == AdapterKind.Adapt)
        {
            var usable = perLabel.Count(p => p.Value >= AdaptationTrainer.MinimumVectorsPerLabel);
            if (usable < AdaptationTrainer.MinimumLabels)
            {
                throw new InsufficientTrainingDataException($"labels with {AdaptationTrainer.MinimumVectorsPerLabel} or more photos", AdaptationTrainer.MinimumLabels, usable);
            }
            return new TrainingPlan(items.Count, perLabel.Count, usable, 0);
        }
        var pairs = items.Count(i => !string.IsNullOrWhiteSpace(i.Text));
        if (pairs < AlignmentTrainer.MinimumPairs) throw new InsufficientTrainingDataException("photo–text pairs", AlignmentTrainer.MinimumPairs, pairs);
        var groups = items.Where(i => !string.IsNullOrWhiteSpace(i.Text)).CountBy(i => i.Label, StringComparer.Ordinal).Count(p => p.Value >= 2);
        if (groups < AlignmentTrainer.MinimumGroups) throw new InsufficientTrainingDataException("labels with two or more photo–text pairs", AlignmentTrainer.MinimumGroups, groups);
        return new TrainingPlan(items.Count, perLabel.Count, groups, pairs);
    }

    public static async Task<TrainingOutcome> RunAsync(
        TrainingSplit split, IEvaluationEncoder encoder, TrainingSettings settings, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        if (settings.Kind == AdapterKind.Align && encoder.TextDimension is null) throw new ArgumentException($"model '{encoder.Model}' has no text encoder: it cannot be aligned.", "model");
        if (encoder.ImageDimension is null) throw new ArgumentException($"model '{encoder.Model}' has no image encoder.", "model");
        var skips = new SkipLog();
        var items = split.Items.Read(skips).ToList();
        var clock = Stopwatch.StartNew();
        var photos = await EncodeDistinctAsync(encoder, items, i => i.ImagePath, Halves.Image, settings, skips, EncodingPhotos, progress, cancellationToken);
        var texts = settings.Kind == AdapterKind.Align
            ? await EncodeDistinctAsync(encoder, items, i => i.Text, Halves.Text, settings, skips, EncodingTexts, progress, cancellationToken)
            : [];
        var encodingTime = clock.Elapsed;

        progress?.Report(new TrainingProgress(Training, 0, 1));
        clock.Restart();
        var peaks = new MemoryPeaks(MemorySampling);
        Adapter adapter;
        int labelsLeftOut;
        try
        {
            (adapter, labelsLeftOut) = await Task.Run(() => settings.Kind == AdapterKind.Adapt
                ? TrainAdapt(items, photos, encoder, settings)
                : (TrainAlign(items, photos, texts, encoder, settings), 0), cancellationToken);
        }
        finally
        {
            peaks.Dispose();
        }
        var trainingTime = clock.Elapsed;
        progress?.Report(new TrainingProgress(Training, 1, 1));
        return new TrainingOutcome(adapter, photos.Count, texts.Count, labelsLeftOut, skips.Snapshot(), encodingTime, trainingTime, peaks.ManagedBytes, peaks.ProcessBytes);
    }

    /// <summary>Photos of labels with too few of them (after skips) are left out; the count of such labels is returned.</summary>
    private static (Adapter, int) TrainAdapt(List<EvalItem> items, Dictionary<string, float[]> photos, IEvaluationEncoder encoder, TrainingSettings settings)
    {
        var encoded = items.Where(i => photos.ContainsKey(i.ImagePath!)).ToList();
        var kept = encoded.CountBy(i => i.Label, StringComparer.Ordinal)
            .Where(p => p.Value >= AdaptationTrainer.MinimumVectorsPerLabel).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var rows = encoded.Where(i => kept.Contains(i.Label)).ToList();
        var leftOut = encoded.Select(i => i.Label).Distinct(StringComparer.Ordinal).Count() - kept.Count;
        var options = new AdaptationOptions { SourceSpace = encoder.ImageSpace, TargetSpace = $"{encoder.ImageSpace}.adapted", Seed = settings.Seed };
        return (AdaptationTrainer.Train(VectorRows.From([.. rows.Select(i => photos[i.ImagePath!])]), [.. rows.Select(i => i.Label)], options), leftOut);
    }

    private static Adapter TrainAlign(List<EvalItem> items, Dictionary<string, float[]> photos, Dictionary<string, float[]> texts, IEvaluationEncoder encoder, TrainingSettings settings)
    {
        var pairs = items.Where(i => photos.ContainsKey(i.ImagePath!) && i.Text is not null && texts.ContainsKey(i.Text)).ToList();
        var options = new AlignmentOptions { PhotoSpace = encoder.ImageSpace, TextSpace = encoder.TextSpace, Method = settings.Method, Seed = settings.Seed };
        return AlignmentTrainer.Train(
            VectorRows.From([.. pairs.Select(i => photos[i.ImagePath!])]),
            VectorRows.From([.. pairs.Select(i => texts[i.Text!])]),
            [.. pairs.Select(i => i.Label)],
            options);
    }

    /// <summary>Each distinct photo path (or text) encoded once through <see cref="BatchEncoder"/>; a failure is listed in the skips.</summary>
    private static async Task<Dictionary<string, float[]>> EncodeDistinctAsync(
        IEvaluationEncoder encoder, List<EvalItem> items, Func<EvalItem, string?> key, Halves half, TrainingSettings settings, SkipLog skips,
        string phase, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var distinct = items.Where(i => !string.IsNullOrWhiteSpace(key(i))).DistinctBy(i => key(i), StringComparer.Ordinal).ToList();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var done = 0;
        progress?.Report(new TrainingProgress(phase, 0, distinct.Count));
        await foreach (var (batch, encoded) in OrderedPipeline.RunAsync(
            distinct.Chunk(settings.EncodeBatch),
            batch => BatchEncoder.EncodeAsync(encoder, batch, half, "train", skips, cancellationToken),
            settings.EncodeConcurrency,
            cancellationToken))
        {
            foreach (var item in encoded) vectors[key(item.Item)!] = (half == Halves.Image ? item.Image : item.Text)!;
            done += batch.Length;
            progress?.Report(new TrainingProgress(phase, done, distinct.Count));
        }
        return vectors;
    }
}

/// <summary>What a training split offers before encoding: rows, distinct labels, labels (or groups) usable, photo–text pairs.</summary>
public sealed record TrainingPlan(int Rows, int Labels, int UsableLabels, int Pairs);
