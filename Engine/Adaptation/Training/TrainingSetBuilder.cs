using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// Turns a collection's products, added one at a time as they stream from the store, into a <see cref="TrainingSet"/>.
/// Each product gives its photos (the vectors of the photo space) with its label; for align each photo is paired with
/// the product's text vector. Products without photos, without a label or (align) without text are skipped and
/// counted. The set is capped at <see cref="AdapterTrainingPlan.MaxPhotos"/> photos by keeping the products whose
/// seeded hash of their id is smallest (whole products, so a product's photos stay together): the same products and
/// seed give the same set whatever order the products arrive in, and memory never holds more than the cap. For
/// adapt, labels with fewer than <see cref="AdaptationTrainer.MinimumVectorsPerLabel"/> photos are then left out.
/// </summary>
public sealed class TrainingSetBuilder(AdapterTrainingPlan plan)
{
    private readonly PriorityQueue<Candidate, Candidate> _kept = new(LargestKeyFirst.Instance);
    private int _keptPhotos;
    private long _read;
    private long _withoutPhotos;
    private long _withoutLabel;
    private long _withoutText;
    private long _leftOutByCap;
    private int _smallLabels;
    private long _productsInSmallLabels;

    public long ProductsRead => _read;

    public void Add(ProductRecord product)
    {
        _read++;
        var photos = product.VectorsOf(plan.PhotoSpace).Select(v => v.Values.ToArray()).ToArray();
        if (photos.Length == 0)
        {
            _withoutPhotos++;
            return;
        }
        if (plan.Label.Of(product) is not { } label)
        {
            _withoutLabel++;
            return;
        }
        float[]? text = null;
        if (plan.Kind == AdapterKind.Align)
        {
            if (product.FindVector(plan.TextSpace!) is not { } textVector)
            {
                _withoutText++;
                return;
            }
            text = textVector.Values.ToArray();
        }
        // A product label's photos are all known now: a label too small to train on need not take room under the cap.
        if (plan.Kind == AdapterKind.Adapt && plan.Label.IsProduct && photos.Length < AdaptationTrainer.MinimumVectorsPerLabel)
        {
            _smallLabels++;
            _productsInSmallLabels++;
            return;
        }
        var candidate = new Candidate(product.Id, label, photos, text, StableHash.Of(plan.Seed, product.Id));
        _kept.Enqueue(candidate, candidate);
        _keptPhotos += photos.Length;
        while (_keptPhotos > plan.MaxPhotos)
        {
            _keptPhotos -= _kept.Dequeue().Photos.Length;
            _leftOutByCap++;
        }
    }

    /// <summary>
    /// The set, rows in product-id order. <see cref="InsufficientTrainingDataException"/> when it has fewer labels
    /// (adapt) or pairs and groups (align) than the trainer needs; the message says what the products lacked.
    /// </summary>
    public TrainingSet Build()
    {
        var products = _kept.UnorderedItems.Select(item => item.Element).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var smallLabels = _smallLabels;
        var productsInSmallLabels = _productsInSmallLabels;
        if (plan.Kind == AdapterKind.Adapt)
        {
            var small = products.GroupBy(c => c.Label, StringComparer.Ordinal)
                .Where(g => g.Sum(c => c.Photos.Length) < AdaptationTrainer.MinimumVectorsPerLabel)
                .ToList();
            smallLabels += small.Count;
            productsInSmallLabels += small.Sum(g => g.Count());
            var dropped = small.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            products.RemoveAll(c => dropped.Contains(c.Label));
        }
        var labels = products.SelectMany(c => Enumerable.Repeat(c.Label, c.Photos.Length)).ToList();
        var pairs = plan.Kind == AdapterKind.Align ? labels.Count : 0;
        var counts = new TrainingSetCounts(_read, products.Count, _withoutPhotos, _withoutLabel, _withoutText, _leftOutByCap,
            smallLabels, productsInSmallLabels, labels.Count, labels.Distinct(StringComparer.Ordinal).Count(), pairs, plan.MaxPhotos);
        RequireEnough(products, counts);
        var photos = VectorRows.From([.. products.SelectMany(c => c.Photos)]);
        var texts = plan.Kind == AdapterKind.Align ? VectorRows.From([.. products.SelectMany(c => Enumerable.Repeat(c.Text!, c.Photos.Length))]) : null;
        return new TrainingSet(photos, texts, labels, counts);
    }

    private void RequireEnough(List<Candidate> products, TrainingSetCounts counts)
    {
        var found = $"({counts.Describe(plan.Label)})";
        if (plan.Kind == AdapterKind.Adapt)
        {
            if (counts.Labels < AdaptationTrainer.MinimumLabels)
            {
                throw new InsufficientTrainingDataException(
                    $"labels with {AdaptationTrainer.MinimumVectorsPerLabel} photos each {found}", AdaptationTrainer.MinimumLabels, counts.Labels);
            }
            return;
        }
        if (counts.Pairs < AlignmentTrainer.MinimumPairs)
        {
            throw new InsufficientTrainingDataException($"photo–text pairs {found}", AlignmentTrainer.MinimumPairs, counts.Pairs);
        }
        var groups = products.GroupBy(c => c.Label, StringComparer.Ordinal).Count(g => g.Sum(c => c.Photos.Length) >= 2);
        if (groups < AlignmentTrainer.MinimumGroups)
        {
            throw new InsufficientTrainingDataException($"labels with 2 or more photo–text pairs {found}", AlignmentTrainer.MinimumGroups, groups);
        }
    }

    private sealed record Candidate(string Id, string Label, float[][] Photos, float[]? Text, ulong Key);

    /// <summary>The queue's head is the candidate to drop first: the largest key (ties by id, never met in practice).</summary>
    private sealed class LargestKeyFirst : IComparer<Candidate>
    {
        public static readonly LargestKeyFirst Instance = new();

        public int Compare(Candidate? x, Candidate? y)
        {
            var byKey = y!.Key.CompareTo(x!.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
