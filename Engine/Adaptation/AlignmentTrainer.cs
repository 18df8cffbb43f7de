namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// Learns an <see cref="AdapterKind.Align"/> adapter from paired photo and text vectors (a product photo and
/// its title), each pair tagged with its group (the product). Validation holds out one pair per group, fits
/// on the rest, and scores each candidate regularisation by how well held-out photos find their group's
/// held-out text and the reverse (mean of both top-1s); the final maps are fitted on every pair.
/// </summary>
public static class AlignmentTrainer
{
    public const int MinimumPairs = 16;

    public const int MinimumGroups = 2;

    /// <summary>How many steps a training reports: one per candidate regularisation, and the final fit.</summary>
    public static int Steps(AlignmentOptions options) => options.Regularisations.Count + 1;

    /// <summary>
    /// Trains on pairs (<paramref name="photos"/>[i], <paramref name="texts"/>[i]) of group <paramref name="groups"/>[i].
    /// <paramref name="stepDone"/> is called after each candidate regularisation is scored and after the final fit
    /// (<see cref="Steps"/> calls in all); <paramref name="cancellationToken"/> is observed between those steps. Neither
    /// changes the result.
    /// </summary>
    public static Adapter Train(
        VectorRows photos, VectorRows texts, IReadOnlyList<string> groups, AlignmentOptions? options = null, Action? stepDone = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new AlignmentOptions();
        if (texts.Count != photos.Count) throw new ArgumentException($"{photos.Count} photo vectors but {texts.Count} text vectors: they must pair up.", nameof(texts));
        if (groups.Count != photos.Count) throw new ArgumentException($"{groups.Count} groups for {photos.Count} pairs.", nameof(groups));
        if (options.Regularisations.Count == 0 || options.Regularisations.Any(r => r is <= 0 or > 1))
        {
            throw new ArgumentException("the candidate regularisations must be in (0, 1], at least one.", nameof(options));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDimension, 1, nameof(options.MaxDimension));
        if (photos.Count < MinimumPairs) throw new InsufficientTrainingDataException("photo–text pairs", MinimumPairs, photos.Count);
        var labels = new LabelGroups(groups);
        var splittable = labels.Members.Count(m => m.Count >= 2);
        if (splittable < MinimumGroups) throw new InsufficientTrainingDataException("groups with two or more pairs", MinimumGroups, splittable);

        var (fit, heldOut) = labels.HoldOutOnePerLabel(options.Seed);
        var candidateFit = new AlignmentFit(photos.Select(fit), texts.Select(fit));
        var heldOutPhotos = photos.Select(heldOut);
        var heldOutTexts = texts.Select(heldOut);
        var heldOutLabels = labels.CodesOf(heldOut);
        var scores = new List<ValidationScore>();
        foreach (var regularisation in options.Regularisations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (photoMap, textMap) = candidateFit.Map(options, regularisation);
            var photosShared = photoMap.Project(heldOutPhotos);
            var textsShared = textMap.Project(heldOutTexts);
            var photoToText = HeldOutRetrieval.Score(photosShared, heldOutLabels, textsShared, heldOutLabels);
            var textToPhoto = HeldOutRetrieval.Score(textsShared, heldOutLabels, photosShared, heldOutLabels);
            scores.Add(new ValidationScore(
                regularisation,
                (photoToText.TopOne + textToPhoto.TopOne) / 2,
                (photoToText.MeanAveragePrecision + textToPhoto.MeanAveragePrecision) / 2));
            stepDone?.Invoke();
        }
        var best = scores.OrderByDescending(s => s.TopOne).ThenByDescending(s => s.MeanAveragePrecision).First();
        cancellationToken.ThrowIfCancellationRequested();

        var (photo, text) = new AlignmentFit(photos, texts).Map(options, best.Regularisation);
        stepDone?.Invoke();
        return new Adapter(
            AdapterKind.Align,
            options.TargetSpace,
            photo.OutputDimension,
            [photo, text],
            new AdapterTraining(options.Method == AlignmentMethod.Cca ? "cca" : "ridge", best.Regularisation, photos.Count * 2, labels.Count, photos.Count),
            scores,
            options.Seed);
    }
}
