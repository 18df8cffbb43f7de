using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// Turns drafts into products of a collection that has a model: photo → thumbnail and image space, title +
/// category + description → text space (explicit vectors win for their space), plus the content hash.
/// Photos and texts of a whole batch go to the model together, so its micro-batcher sees full batches.
/// A bad photo rejects its own product only. In a collection that reads scene text, the text of every photo is
/// read (OCR, <see cref="ISceneTextReader"/>) and kept with the product; when the model is a scene-text model that
/// same reading (lines with boxes) is what its image encoder gets, so a photo is read once.
/// </summary>
public sealed class ProductBuilder(IContentEncoder encoder, Thumbnailer thumbnailer, ISceneTextReader? sceneText = null)
{
    public async Task<IReadOnlyList<BuiltProduct>> BuildAsync(CollectionSpec spec, IReadOnlyList<ProductDraft> drafts, CancellationToken cancellationToken = default) =>
        await BuildAsync(spec, drafts, contentHashes: null, cancellationToken);

    /// <summary>
    /// As above, with each draft's <see cref="ContentHash"/> already computed by the caller (the ingestor hashes
    /// every line to skip unchanged ones; hashing again would read every photo twice).
    /// </summary>
    public async Task<IReadOnlyList<BuiltProduct>> BuildAsync(CollectionSpec spec, IReadOnlyList<ProductDraft> drafts, IReadOnlyList<string>? contentHashes, CancellationToken cancellationToken = default)
    {
        var model = spec.Model ?? throw new InvalidOperationException($"collection '{spec.Name}' has no model to encode content with.");
        var manifest = encoder.GetManifest(model);
        var errors = new IngestError?[drafts.Count];
        var vectors = drafts.Select(d => d.Vectors.ToBuilder()).ToArray();

        var thumbnails = await Task.WhenAll(drafts.Select((draft, i) => Task.Run(() => Thumbnails(draft, i, errors), cancellationToken)));

        var photoSpace = manifest.Fields.FirstOrDefault(f => f.Field == ProductFields.Photo)?.Space;
        var photos = photoSpace is null ? [] : Enumerable.Range(0, drafts.Count)
            .Where(i => errors[i] is null && !drafts[i].HasVector(photoSpace))
            .SelectMany(i => drafts[i].Photos.Select((photo, slot) => (Index: i, Slot: slot, Photo: photo)))
            .ToList();
        var texts = manifest.Text is null ? [] : Enumerable.Range(0, drafts.Count)
            .Where(i => errors[i] is null && !drafts[i].HasVector(manifest.Text.Space))
            .Select(i => (Index: i, Text: ProductText.TextOf(manifest, new ProductContent(null, drafts[i].Title, drafts[i].Category, drafts[i].Description))))
            .Where(t => t.Text is not null)
            .ToList();

        var readTask = spec.SceneText ? ReadSceneTextAsync(drafts, errors, cancellationToken) : null;
        var imageTask = photos.Count > 0 ? EncodeDraftPhotosAsync(model, manifest, [.. photos.Select(p => p.Photo.Bytes)], readTask, photos.Select(p => (p.Index, p.Slot)).ToList(), cancellationToken) : null;
        var textTask = texts.Count > 0 ? encoder.EncodeTextsAsync(model, [.. texts.Select(t => t.Text!)], cancellationToken) : null;
        if (imageTask is not null && await Answered(imageTask, [.. photos.Select(p => p.Index).Distinct()], drafts, errors) is { } encoded)
        {
            for (var j = 0; j < photos.Count; j++)
            {
                var (i, _, photo) = photos[j];
                if (encoded[j].Vector is { } vector) vectors[i].Add(vector);
                else errors[i] ??= new IngestError(drafts[i].FieldName(photo.Field), encoded[j].Error ?? "the image was refused.");
            }
        }
        if (textTask is not null && await Answered(textTask, [.. texts.Select(t => t.Index)], drafts, errors) is { } encodedTexts)
        {
            for (var j = 0; j < texts.Count; j++) vectors[texts[j].Index].Add(encodedTexts[j]);
        }

        var lines = readTask is null ? null : await readTask;
        var built = new BuiltProduct[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var error = errors[i] ?? CheckDimensions(spec, model, draft, vectors[i]);
            built[i] = error is not null
                ? new BuiltProduct(null, error)
                : new BuiltProduct(ToRecord(draft, vectors[i].ToImmutable(), thumbnails[i], contentHashes?[i] ?? ContentHash.Compute(model, draft)) with
                {
                    SceneText = lines is null ? [] : [.. lines[i].Select(TextsOf)],
                }, null);
        }
        return built;
    }

    /// <summary>
    /// The drafts' photos encoded; a scene-text model gets the lines read for the collection (when it reads scene text)
    /// rather than reading each photo again. Products whose reading failed are failed by it, so their photos go without.
    /// </summary>
    private async Task<IReadOnlyList<EncodedImage>> EncodeDraftPhotosAsync(string model, ModelManifest manifest, IReadOnlyList<byte[]> bytes,
        Task<ImmutableArray<ImmutableArray<SceneTextString>>[]>? readTask, IReadOnlyList<(int Index, int Slot)> owners, CancellationToken cancellationToken)
    {
        if (manifest.Image?.SceneText is null || readTask is null) return await encoder.EncodeImagesAsync(model, bytes, cancellationToken);
        var lines = await readTask;
        IReadOnlyList<IReadOnlyList<SceneTextString>?> sceneText = [.. owners.Select(o => o.Slot < lines[o.Index].Length ? lines[o.Index][o.Slot] : ImmutableArray<SceneTextString>.Empty)];
        return await encoder.EncodeImagesAsync(model, bytes, sceneText, cancellationToken);
    }

    private static ImmutableArray<string> TextsOf(ImmutableArray<SceneTextString> lines) => [.. lines.Select(line => line.Text)];

    /// <summary>
    /// The scene text of every draft's photos (lines per photo), read in one batch. When OCR cannot be had the products
    /// with photos fail as transient, saying why: the collection asked for scene text, so storing them without it would
    /// lose it silently.
    /// </summary>
    private async Task<ImmutableArray<ImmutableArray<SceneTextString>>[]> ReadSceneTextAsync(IReadOnlyList<ProductDraft> drafts, IngestError?[] errors, CancellationToken cancellationToken)
    {
        var result = drafts.Select(_ => ImmutableArray<ImmutableArray<SceneTextString>>.Empty).ToArray();
        var withPhotos = Enumerable.Range(0, drafts.Count).Where(i => drafts[i].Photos.Length > 0).ToList();
        if (withPhotos.Count == 0) return result;
        var (read, problem) = await ReadAsync([.. withPhotos.SelectMany(i => drafts[i].Photos.Select(p => p.Bytes))], cancellationToken);
        var next = 0;
        foreach (var i in withPhotos)
        {
            if (problem is not null) errors[i] ??= new IngestError(drafts[i].FieldName(drafts[i].Photos[0].Field), problem, Transient: true);
            else result[i] = [.. read.Skip(next).Take(drafts[i].Photos.Length)];
            next += drafts[i].Photos.Length;
        }
        return result;
    }

    private async Task<(IReadOnlyList<ImmutableArray<SceneTextString>> Lines, string? Problem)> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken)
    {
        if (sceneText is null) return ([], "scene text (OCR) is not available in this process.");
        try
        {
            return (await sceneText.ReadAsync(photos, cancellationToken), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ([], $"scene text (OCR) could not be read: {exception.Message}");
        }
    }

    /// <summary>
    /// Photos added to a stored product: one vector each in the model's photo space and a thumbnail each, or the error
    /// of the first photo that cannot be decoded or encoded (nothing is returned then).
    /// </summary>
    public async Task<(IReadOnlyList<SpaceVector> Vectors, IReadOnlyList<byte[]> Thumbnails, IReadOnlyList<ImmutableArray<string>> SceneText, IngestError? Error)> EncodePhotosAsync(
        CollectionSpec spec, IReadOnlyList<DraftPhoto> photos, CancellationToken cancellationToken = default)
    {
        var model = spec.Model ?? throw new InvalidOperationException($"collection '{spec.Name}' has no model to encode photos with.");
        var thumbnails = new List<byte[]>(photos.Count);
        foreach (var photo in photos)
        {
            try
            {
                thumbnails.Add(thumbnailer.Make(photo.Bytes));
            }
            catch (InvalidImageException exception)
            {
                return ([], [], [], new IngestError(photo.Field, exception.Message));
            }
        }
        IReadOnlyList<ImmutableArray<SceneTextString>> lines = [];
        if (spec.SceneText)
        {
            (lines, var problem) = await ReadAsync(photos.Select(p => p.Bytes).ToList(), cancellationToken);
            if (problem is not null) return ([], [], [], new IngestError(photos[0].Field, problem, Transient: true));
        }
        var sceneText = spec.SceneText && encoder.GetManifest(model).Image?.SceneText is not null ? lines.Select(l => (IReadOnlyList<SceneTextString>?)l).ToList() : null;
        var encoded = await encoder.EncodeImagesAsync(model, [.. photos.Select(p => p.Bytes)], sceneText, cancellationToken);
        var vectors = new List<SpaceVector>(photos.Count);
        for (var i = 0; i < photos.Count; i++)
        {
            if (encoded[i].Vector is not { } vector) return ([], [], [], new IngestError(photos[i].Field, encoded[i].Error ?? "the image was refused."));
            if (spec.FindSpace(vector.Space) is not { } space || space.Dimension != vector.Dimension || vector.Space != spec.PhotoSpace)
            {
                return ([], [], [], new IngestError(photos[i].Field, $"model '{model}' produced a {vector.Dimension}-d '{vector.Space}' vector, which is not the photo space of collection '{spec.Name}'."));
            }
            vectors.Add(vector);
        }
        return (vectors, thumbnails, [.. lines.Select(TextsOf)], null);
    }

    /// <summary>The stored form of a draft: description folded into the attributes, hash and thumbnail attached.</summary>
    public static ProductRecord ToRecord(ProductDraft draft, ImmutableArray<SpaceVector> vectors, ImmutableArray<byte[]> thumbnails, string? hash)
    {
        var attributes = draft.Description is { } description ? draft.Attributes.SetItem(ProductRecord.DescriptionAttribute, AttributeValue.Of(description)) : draft.Attributes;
        return new ProductRecord(draft.Id, draft.Title, draft.Category, attributes, vectors, hash, thumbnails);
    }

    /// <summary>
    /// The encoder's answer, or null after marking its products as failed for now: a timed-out or lost
    /// encoder call fails the products it carried, not the whole batch or request.
    /// </summary>
    private static async Task<T?> Answered<T>(Task<T> call, IReadOnlyList<int> indices, IReadOnlyList<ProductDraft> drafts, IngestError?[] errors) where T : class
    {
        try
        {
            return await call;
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or InvalidManifestException))
        {
            foreach (var i in indices)
            {
                errors[i] ??= new IngestError(drafts[i].FieldName("id"), $"the model did not encode this product ({exception.GetType().Name}); it was not written, retry it.", Transient: true);
            }
            return null;
        }
    }

    private ImmutableArray<byte[]> Thumbnails(ProductDraft draft, int index, IngestError?[] errors)
    {
        var thumbnails = ImmutableArray.CreateBuilder<byte[]>(draft.Photos.Length);
        foreach (var photo in draft.Photos)
        {
            try
            {
                thumbnails.Add(thumbnailer.Make(photo.Bytes));
            }
            catch (InvalidImageException exception)
            {
                errors[index] = new IngestError(draft.FieldName(photo.Field), exception.Message);
                return [];
            }
        }
        return thumbnails.MoveToImmutable();
    }

    // The collection's spaces were taken from the manifest when it was created; a manifest edited since
    // then could produce vectors the shards cannot hold.
    private static IngestError? CheckDimensions(CollectionSpec spec, string model, ProductDraft draft, IEnumerable<SpaceVector> vectors)
    {
        foreach (var vector in vectors)
        {
            if (spec.FindSpace(vector.Space) is not { } space || space.Dimension != vector.Dimension)
            {
                return new IngestError(draft.FieldName("vectors"), $"model '{model}' produced a {vector.Dimension}-d vector for space '{vector.Space}', which collection '{spec.Name}' does not hold; re-create the collection with the model.");
            }
        }
        return null;
    }
}
