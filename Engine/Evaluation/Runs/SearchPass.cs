using UmsOrleans.Engine.Evaluation.Adapters;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>One space of a temporary collection: its name there, its dimension, and which half of an item fills it.</summary>
internal sealed record PassSpace(string Name, int Dimension, Halves Half);

/// <summary>
/// How one pass of a run searches. The raw pass searches the vectors as the model encoded them. The adapted
/// pass projects every half the adapter maps into the adapter's target space (a half it does not map stays
/// raw) and searches those rows in temporary collections of its own, through the same cluster path and
/// metric code; the encoded sets are shared, so nothing is encoded twice. Its metrics and counts are named
/// with the prefix <c>adapted.</c>.
/// </summary>
internal sealed class SearchPass
{
    private const string SingleSpace = "v";
    private const string ImageSpace = "image";
    private const string TextSpace = "text";

    private readonly IEvaluationEncoder _encoder;
    private readonly EvaluationAdapter? _adapter;

    private SearchPass(IEvaluationEncoder encoder, EvaluationAdapter? adapter)
    {
        _encoder = encoder;
        _adapter = adapter;
    }

    public static SearchPass Raw(IEvaluationEncoder encoder) => new(encoder, null);

    public static SearchPass Adapted(IEvaluationEncoder encoder, EvaluationAdapter adapter) => new(encoder, adapter);

    public bool IsAdapted => _adapter is not null;

    /// <summary>Before metric and count names: "" or "adapted.".</summary>
    public string Prefix => IsAdapted ? "adapted." : "";

    /// <summary>Before the direction's name in temporary collection names (which allow no dot).</summary>
    public string CollectionTag => IsAdapted ? "adapted-" : "";

    /// <summary>The layout of an encoded row of these halves: the model's own vectors, side by side.</summary>
    public IReadOnlyList<PassSpace> EncodedSpaces(Halves halves)
    {
        int Dimension(Halves half) => (half == Halves.Image ? _encoder.ImageDimension : _encoder.TextDimension)
            ?? throw new InvalidOperationException($"model '{_encoder.Model}' has no {half.ToString().ToLowerInvariant()} encoder.");
        return halves == Halves.Both
            ? [new PassSpace(ImageSpace, Dimension(Halves.Image), Halves.Image), new PassSpace(TextSpace, Dimension(Halves.Text), Halves.Text)]
            : [new PassSpace(SingleSpace, Dimension(halves), halves)];
    }

    /// <summary>The spaces this pass searches for these halves: the encoded ones, each mapped half at the target dimension.</summary>
    public IReadOnlyList<PassSpace> Spaces(Halves halves) =>
        [.. EncodedSpaces(halves).Select(s => _adapter?.MapOf(s.Half) is { } map ? s with { Dimension = map.OutputDimension } : s)];

    /// <summary>
    /// Whether the direction's queries and gallery items land in one space in this pass; when not, why (a note for
    /// the report). The raw pass needs the same halves or an aligned model; the adapted pass needs each query half
    /// and its gallery half both mapped into the target space, or both left in one raw space, and at least one
    /// half mapped (otherwise it would repeat the raw numbers).
    /// </summary>
    public string? WhyNot(EvaluationDirection direction)
    {
        var gallery = EncodedSpaces(direction.GalleryHalves);
        var queries = EncodedSpaces(direction.QueryHalves);
        var (queryWord, galleryWord) = (direction.QueryHalves.ToString().ToLowerInvariant(), direction.GalleryHalves.ToString().ToLowerInvariant());
        if (_adapter is null)
        {
            var shared = queries.Count == gallery.Count && queries.Zip(gallery).All(p => p.First.Dimension == p.Second.Dimension)
                && (direction.QueryHalves == direction.GalleryHalves || _encoder.Aligned);
            return shared ? null : $"Direction '{direction.Name}' was not run: model '{_encoder.Model}' does not place {queryWord} queries and " +
                $"{galleryWord} gallery items in one shared space, so it cannot search one with the other.";
        }
        if (!queries.Concat(gallery).Any(s => _adapter.MapOf(s.Half) is not null))
        {
            return $"Adapted direction '{direction.Name}' was not run: the adapter maps neither {queryWord} queries nor {galleryWord} gallery items, so it would repeat the raw numbers.";
        }
        var shares = queries.Count == gallery.Count && queries.Zip(gallery).All(p => SpaceOf(p.First) == SpaceOf(p.Second));
        return shares ? null : $"Adapted direction '{direction.Name}' was not run: through the adapter ({_adapter.Adapter.Kind.ToString().ToLowerInvariant()} into " +
            $"'{_adapter.Adapter.TargetSpace}') {queryWord} queries and {galleryWord} gallery items still lie in different spaces.";
    }

    /// <summary>Encoded rows of these halves (<paramref name="count"/> rows side by side) as the rows this pass searches.</summary>
    public float[] Project(float[] rows, int count, Halves halves)
    {
        if (_adapter is null) return rows;
        var from = EncodedSpaces(halves);
        var to = Spaces(halves);
        var (inWidth, outWidth) = (from.Sum(s => s.Dimension), to.Sum(s => s.Dimension));
        var output = new float[count * outWidth];
        for (var r = 0; r < count; r++)
        {
            int inOffset = r * inWidth, outOffset = r * outWidth;
            for (var s = 0; s < from.Count; s++)
            {
                var source = rows.AsSpan(inOffset, from[s].Dimension);
                var target = output.AsSpan(outOffset, to[s].Dimension);
                // A half that was not encoded stays all zeros: it is left out of the product and the query alike.
                if (_adapter.MapOf(from[s].Half) is { } map && source.ContainsAnyExcept(0f)) map.Project(source, target);
                else if (_adapter.MapOf(from[s].Half) is null) source.CopyTo(target);
                inOffset += from[s].Dimension;
                outOffset += to[s].Dimension;
            }
        }
        return output;
    }

    /// <summary>Which space a half's vectors lie in during the adapted pass.</summary>
    private string SpaceOf(PassSpace space) =>
        _adapter!.MapOf(space.Half) is not null ? $"adapter:{_adapter.Adapter.TargetSpace}"
        : _encoder.Aligned ? "model" : $"model:{space.Half}";
}
