namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// Learns an <see cref="AdapterKind.Adapt"/> adapter from labeled vectors of one space (label = product, or
/// an attribute value): regularised LDA, the shrinkage chosen by holding out one vector per label, fitting on
/// the rest and keeping the candidate whose projection retrieves the held-out vectors' labels best; the
/// final map is then fitted on all the vectors.
/// </summary>
public static class AdaptationTrainer
{
    public const int MinimumLabels = 2;

    /// <summary>Two to measure a label's spread after one is held out for validation.</summary>
    public const int MinimumVectorsPerLabel = 3;

    /// <summary>How many steps a training reports: one per candidate shrinkage, and the final fit.</summary>
    public static int Steps(AdaptationOptions options) => options.Shrinkages.Count + 1;

    /// <summary>
    /// Trains on <paramref name="vectors"/>, row i labeled <paramref name="labels"/>[i]. <paramref name="stepDone"/> is
    /// called after each candidate shrinkage is scored and after the final fit (<see cref="Steps"/> calls in all);
    /// <paramref name="cancellationToken"/> is observed between those steps. Neither changes the result.
    /// </summary>
    public static Adapter Train(
        VectorRows vectors, IReadOnlyList<string> labels, AdaptationOptions? options = null, Action? stepDone = null, CancellationToken cancellationToken = default)
    {
        options ??= new AdaptationOptions();
        if (labels.Count != vectors.Count) throw new ArgumentException($"{labels.Count} labels for {vectors.Count} vectors.", nameof(labels));
        if (options.Shrinkages.Count == 0 || options.Shrinkages.Any(s => s is <= 0 or > 1))
        {
            throw new ArgumentException("the candidate shrinkages must be in (0, 1], at least one.", nameof(options));
        }
        var groups = new LabelGroups(labels);
        if (groups.Count < MinimumLabels) throw new InsufficientTrainingDataException("distinct labels", MinimumLabels, groups.Count);
        if (groups.SmallestGroup < MinimumVectorsPerLabel)
        {
            throw new InsufficientTrainingDataException("vectors per label", MinimumVectorsPerLabel, groups.SmallestGroup);
        }
        var outputDimension = Math.Min(Math.Min(groups.Count - 1, vectors.Dimension), options.MaxDimension ?? int.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDimension, 1, nameof(options.MaxDimension));

        var (fit, heldOut) = groups.HoldOutOnePerLabel(options.Seed);
        var fitRows = vectors.Select(fit);
        var fitLabels = groups.CodesOf(fit);
        var heldOutRows = vectors.Select(heldOut);
        var heldOutLabels = groups.CodesOf(heldOut);
        var candidateFit = new DiscriminantFit(fitRows, fitLabels, groups.Count);
        var scores = new List<ValidationScore>();
        foreach (var shrinkage in options.Shrinkages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var map = candidateFit.Map(options.SourceSpace, shrinkage, outputDimension);
            var (topOne, meanAveragePrecision) = HeldOutRetrieval.Score(map.Project(heldOutRows), heldOutLabels, map.Project(fitRows), fitLabels);
            scores.Add(new ValidationScore(shrinkage, topOne, meanAveragePrecision));
            stepDone?.Invoke();
        }
        var best = scores.OrderByDescending(s => s.TopOne).ThenByDescending(s => s.MeanAveragePrecision).First();
        cancellationToken.ThrowIfCancellationRequested();

        var final = new DiscriminantFit(vectors, groups.Codes, groups.Count).Map(options.SourceSpace, best.Regularisation, outputDimension);
        stepDone?.Invoke();
        return new Adapter(
            AdapterKind.Adapt,
            options.TargetSpace,
            outputDimension,
            [final],
            new AdapterTraining("lda", best.Regularisation, vectors.Count, groups.Count, 0),
            scores,
            options.Seed);
    }
}
