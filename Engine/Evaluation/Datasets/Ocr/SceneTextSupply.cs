using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>
/// Gives each image of a run the scene text its <see cref="OcrSource"/> calls for: the strings of its OCR file
/// (no file: an empty list, still evaluated; a file Python's parser raises on: the sample is dropped and listed),
/// an empty list for <see cref="OcrSource.None"/>, or nothing (null: the encoder reads the photo) for
/// <see cref="OcrSource.Engine"/>. For a model that reads pixels only, nothing is read and nothing changes.
/// UMS drops a whole list row whose sample raises, so a CTC caption whose image is dropped goes too.
/// </summary>
public sealed class SceneTextSupply
{
    private readonly IReadOnlyDictionary<string, OcrFolder> _folders;
    private readonly Lazy<HashSet<string>>? _droppedCtcImages;

    private SceneTextSupply(OcrSource? source, string description, string? note, IReadOnlyDictionary<string, OcrFolder> folders, EvalDataset? ctc = null)
    {
        Source = source;
        Description = description;
        Note = note;
        _folders = folders;
        if (ctc is not null) _droppedCtcImages = new(() => DroppedImages(ctc.Gallery, folders[CtcReader.ImageSet]));
    }

    /// <summary>The source in use; null when the model does not read scene text.</summary>
    public OcrSource? Source { get; }

    /// <summary>The report's "ocr" line.</summary>
    public string Description { get; }

    /// <summary>A note for the report when the request was ignored (a pixel-only model).</summary>
    public string? Note { get; }

    public OcrTally Tally { get; } = new();

    /// <param name="requested">null: files when the dataset has its OCR folders, otherwise the engine.</param>
    /// <exception cref="ArgumentException">Files requested for a dataset without its OCR folders (parameter <c>ocr</c>).</exception>
    public static SceneTextSupply Resolve(OcrSource? requested, EvalDataset dataset, bool readsSceneText)
    {
        var (layout, root) = (dataset.Layout, dataset.Root);
        if (requested == OcrSource.Files && DatasetOcrFolders.Missing(layout, root) is { } missing) throw new ArgumentException($"ocr: {missing}", "ocr");
        var source = requested ?? (DatasetOcrFolders.Present(layout, root) ? OcrSource.Files : OcrSource.Engine);
        if (!readsSceneText)
        {
            var note = requested is { } asked ? $"ocr '{asked.ToString().ToLowerInvariant()}' was ignored: the model reads pixels only, no scene text." : null;
            return new SceneTextSupply(null, "not used (the model reads pixels only)", note, new Dictionary<string, OcrFolder>());
        }
        return source switch
        {
            OcrSource.Files => Files(dataset),
            OcrSource.Engine => new SceneTextSupply(source, "engine (the cluster's OCR engine reads each photo)", null, new Dictionary<string, OcrFolder>()),
            _ => new SceneTextSupply(source, "none (every photo is given no scene text)", null, new Dictionary<string, OcrFolder>()),
        };
    }

    private static SceneTextSupply Files(EvalDataset dataset)
    {
        var root = dataset.Root;
        var folders = DatasetOcrFolders.Expected(dataset.Layout, root).ToDictionary(p => p.Key, p => new OcrFolder(p.Value.Path, p.Value.Format), StringComparer.Ordinal);
        var described = string.Join(", ", folders.Select(f => $"{f.Key}: {Path.GetRelativePath(root, f.Value.Path).Replace('\\', '/')}/ ({f.Value.Files} files)"));
        return new SceneTextSupply(OcrSource.Files, $"files ({described})", null, folders, dataset.Layout == EvalLayout.Ctc ? dataset : null);
    }

    /// <summary>The set's items with their scene text; an item whose OCR file cannot be parsed is skipped with the reason.</summary>
    public IEnumerable<EvalItem> Attach(string set, IEnumerable<EvalItem> items, SkipLog skips)
    {
        if (Source == OcrSource.None) return items.Select(i => i.ImagePath is null ? i : i with { SceneText = [] });
        if (Source != OcrSource.Files) return items;
        if (_folders.TryGetValue(set, out var folder)) return FromFiles(set, folder, items, skips);
        return set == CtcReader.CaptionSet && _droppedCtcImages is not null ? WithoutDroppedImages(set, items, skips) : items;
    }

    private IEnumerable<EvalItem> WithoutDroppedImages(string set, IEnumerable<EvalItem> items, SkipLog skips)
    {
        foreach (var item in items)
        {
            if (_droppedCtcImages!.Value.Contains(item.Label))
            {
                skips.Add(new SkippedItem(set, item.Index, item.Id, null, $"its image {item.Label} was dropped for its OCR file; UMS drops the whole list row (§7.4)"));
                continue;
            }
            yield return item;
        }
    }

    private static HashSet<string> DroppedImages(EvalSet images, OcrFolder folder)
    {
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images.Read(new SkipLog()))
        {
            try
            {
                if (image.ImagePath is not null) folder.Read(image.ImagePath);
            }
            catch (UnusableOcrFileException)
            {
                dropped.Add(image.Id);
            }
        }
        return dropped;
    }

    private IEnumerable<EvalItem> FromFiles(string set, OcrFolder folder, IEnumerable<EvalItem> items, SkipLog skips)
    {
        foreach (var item in items)
        {
            if (item.ImagePath is null)
            {
                yield return item;
                continue;
            }
            IReadOnlyList<SceneTextString>? strings;
            try
            {
                strings = folder.Read(item.ImagePath);
            }
            catch (UnusableOcrFileException exception)
            {
                Tally.Record(set, item.Index, OcrTally.Outcome.Dropped);
                skips.Add(new SkippedItem(set, item.Index, item.Id, item.ImagePath, $"{exception.Message}; UMS drops such a sample (§7.4)"));
                continue;
            }
            Tally.Record(set, item.Index, strings is null ? OcrTally.Outcome.WithoutFile : strings.Count == 0 ? OcrTally.Outcome.EmptyFile : OcrTally.Outcome.WithText);
            yield return item with { SceneText = strings ?? [] };
        }
    }
}
