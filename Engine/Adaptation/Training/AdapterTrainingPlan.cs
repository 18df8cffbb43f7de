using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// A training request checked against its collection: the kind, the label, the seed, the alignment method, the
/// spaces it reads (the collection's photo space; for <see cref="AdapterKind.Align"/> also a text space) and the cap
/// on the photos it trains on.
/// </summary>
public sealed record AdapterTrainingPlan(
    AdapterKind Kind,
    TrainingLabel Label,
    int Seed,
    AlignmentMethod Method,
    string PhotoSpace,
    string? TextSpace,
    int MaxPhotos = AdapterTrainingPlan.DefaultMaxPhotos)
{
    /// <summary>The text space an align reads when the request names none: the one every model's title field encodes to.</summary>
    public const string DefaultTextSpace = "text";

    /// <summary>Above this many photos (pairs, for align) the training set is a seeded sample of products (memory and time).</summary>
    public const int DefaultMaxPhotos = 200_000;

    public const string SharedSpace = "shared";

    public static readonly IReadOnlyList<string> Kinds = ["adapt", "align"];

    public static readonly IReadOnlyList<string> Methods = ["cca", "ridge"];

    /// <summary>The space the adapter writes: <c>&lt;photo space&gt;.adapted</c> for adapt, <c>shared</c> for align.</summary>
    public string TargetSpace => Kind == AdapterKind.Adapt ? $"{PhotoSpace}.adapted" : SharedSpace;

    public string KindName => KindText(Kind);

    public string MethodName => Kind == AdapterKind.Adapt ? "lda" : Method == AlignmentMethod.Cca ? "cca" : "ridge";

    public static string KindText(AdapterKind kind) => kind == AdapterKind.Adapt ? "adapt" : "align";

    public AdaptationOptions AdaptationOptions() => new() { SourceSpace = PhotoSpace, TargetSpace = TargetSpace, Seed = Seed };

    public AlignmentOptions AlignmentOptions() =>
        new() { PhotoSpace = PhotoSpace, TextSpace = TextSpace ?? DefaultTextSpace, TargetSpace = TargetSpace, Method = Method, Seed = Seed };

    /// <summary>
    /// Checks a request against <paramref name="collection"/>; <see cref="InvalidTrainingRequestException"/> names the
    /// field at fault (<c>kind</c>, <c>label</c>, <c>method</c>, <c>textSpace</c>).
    /// </summary>
    public static AdapterTrainingPlan Create(CollectionSpec collection, string? kind, string? label, int? seed, string? method, string? textSpace)
    {
        var adapterKind = kind switch
        {
            "adapt" => AdapterKind.Adapt,
            "align" => AdapterKind.Align,
            _ => throw new InvalidTrainingRequestException("kind", $"must be one of {string.Join(", ", Kinds)}."),
        };
        if (!TrainingLabel.TryParse(label, out var trainingLabel))
        {
            throw new InvalidTrainingRequestException("label", $"must be '{TrainingLabel.Product}' or '{TrainingLabel.AttributePrefix}<name>'.");
        }
        var photoSpace = collection.PhotoSpace;
        if (collection.FindSpace(photoSpace) is null) throw new InvalidTrainingRequestException("kind", $"collection '{collection.Name}' has no photo space.");
        if (adapterKind == AdapterKind.Adapt)
        {
            if (method is not null) throw new InvalidTrainingRequestException("method", "is only for kind align.");
            if (textSpace is not null) throw new InvalidTrainingRequestException("textSpace", "is only for kind align.");
            return new AdapterTrainingPlan(adapterKind, trainingLabel, seed ?? 0, AlignmentMethod.Cca, photoSpace, null);
        }
        var alignment = method switch
        {
            null or "cca" => AlignmentMethod.Cca,
            "ridge" => AlignmentMethod.Ridge,
            _ => throw new InvalidTrainingRequestException("method", $"must be one of {string.Join(", ", Methods)}."),
        };
        var text = textSpace ?? DefaultTextSpace;
        if (collection.FindSpace(text) is null || text == photoSpace)
        {
            var spaces = string.Join(", ", collection.Spaces.Select(s => s.Name).Where(s => s != photoSpace));
            throw textSpace is null
                ? new InvalidTrainingRequestException("kind", $"align needs a text space; collection '{collection.Name}' has no space '{DefaultTextSpace}' (name another with textSpace: {(spaces.Length == 0 ? "it has none besides its photo space" : spaces)}).")
                : new InvalidTrainingRequestException("textSpace", $"collection '{collection.Name}' has no text space '{textSpace}' besides its photo space '{photoSpace}' (it has: {(spaces.Length == 0 ? "none" : spaces)}).");
        }
        return new AdapterTrainingPlan(adapterKind, trainingLabel, seed ?? 0, alignment, photoSpace, text);
    }
}
