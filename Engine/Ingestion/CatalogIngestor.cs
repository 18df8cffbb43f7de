using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>How a catalog file is ingested.</summary>
/// <param name="ImageRoot">Folder the lines' <c>image</c> paths are relative to.</param>
/// <param name="BatchSize">Products encoded and written together.</param>
/// <param name="MaxImageBytes">Larger image files are reported and skipped without being read.</param>
/// <param name="BatchesInFlight">Batches worked on at once, so reading and writing overlap encoding.</param>
/// <param name="Confine">When set (ingestion started over HTTP), photos are read only inside this data root.</param>
/// <param name="GroupBy">Lines with the same value of this field are one product with several photos (<see cref="CatalogProducts"/>).</param>
/// <param name="MaxPhotos">A product with more photos is reported and skipped.</param>
public sealed record IngestSettings(
    string ImageRoot,
    int BatchSize = 16,
    int MaxImageBytes = 20 * 1024 * 1024,
    int BatchesInFlight = 2,
    DataRoot? Confine = null,
    string GroupBy = CatalogProducts.DefaultGroupField,
    int MaxPhotos = ProductLimits.DefaultMaxPhotos);

public sealed record IngestProgress(int Processed, int Total, int Ingested, int SkippedUnchanged, int Failed);

public sealed record IngestSummary(int Ingested, int SkippedUnchanged, int Failed, IReadOnlyList<IngestFailure> Failures, TimeSpan Elapsed)
{
    /// <summary>Products handled (ingested or skipped) per second of the run.</summary>
    public double ProductsPerSecond => Elapsed > TimeSpan.Zero ? (Ingested + SkippedUnchanged) / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Ingests a JSON Lines catalog into a collection that has a model, resumably: a product whose stored content
/// hash equals the hash of its line's content (photo bytes, texts, attributes, model) is skipped without
/// being encoded. A bad line or an unreadable photo is reported with its line number and skipped; the rest
/// goes on. An encoder or store call that fails fails the products it carried; running again retries them.
/// A collection deleted during the run ends it with <see cref="CollectionNotFoundException"/>.
/// One instance ingests one catalog.
/// </summary>
public sealed class CatalogIngestor(ProductWriter writer, IIngestTarget target, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _started;
    private readonly List<IngestFailure> _failures = [];
    private int _ingested;
    private int _skipped;

    public async Task<IngestSummary> RunAsync(string catalogPath, IngestSettings settings, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1);
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("an ingestor runs one catalog once; make a new one for another run.");
        var model = target.Collection.Model ?? throw new InvalidOperationException($"collection '{target.Collection.Name}' has no model; create it with one to ingest content.");
        var started = time.GetTimestamp();
        var (grouped, total) = CatalogProducts.Survey(catalogPath, settings.GroupBy);
        progress?.Report(Snapshot(total));

        var inFlight = new List<Task>();
        var batch = new List<CatalogLine>(settings.BatchSize);
        foreach (var (line, failure) in CatalogProducts.Read(catalogPath, settings.GroupBy, grouped, settings.MaxPhotos))
        {
            if (line is null)
            {
                Fail(failure!);
                continue;
            }
            batch.Add(line);
            if (batch.Count < settings.BatchSize) continue;
            await StartAsync(batch, model, settings, total, progress, inFlight, cancellationToken);
            batch = new List<CatalogLine>(settings.BatchSize);
        }
        if (batch.Count > 0) await StartAsync(batch, model, settings, total, progress, inFlight, cancellationToken);
        await Task.WhenAll(inFlight);
        progress?.Report(Snapshot(total));

        lock (_gate)
        {
            return new IngestSummary(_ingested, _skipped, _failures.Count, [.. _failures.OrderBy(f => f.LineNumber)], time.GetElapsedTime(started));
        }
    }

    private async Task StartAsync(List<CatalogLine> batch, string model, IngestSettings settings, int total, IProgress<IngestProgress>? progress, List<Task> inFlight, CancellationToken cancellationToken)
    {
        while (inFlight.Count >= Math.Max(1, settings.BatchesInFlight))
        {
            var finished = await Task.WhenAny(inFlight);
            inFlight.Remove(finished);
            await finished;
        }
        inFlight.Add(Task.Run(async () =>
        {
            await IngestBatchAsync(batch, model, settings, cancellationToken);
            progress?.Report(Snapshot(total));
        }, cancellationToken));
    }

    private async Task IngestBatchAsync(IReadOnlyList<CatalogLine> lines, string model, IngestSettings settings, CancellationToken cancellationToken)
    {
        var drafts = new List<(CatalogLine Line, ProductDraft Draft)>();
        foreach (var line in lines)
        {
            var photos = ImmutableArray.CreateBuilder<DraftPhoto>(line.Images.Length);
            string? error = null;
            for (var i = 0; i < line.Images.Length && error is null; i++)
            {
                (var photo, error) = await ReadPhotoAsync(line.Images[i], settings, cancellationToken);
                if (photo is not null) photos.Add(new DraftPhoto(photo, line.Images.Length == 1 ? "image" : $"images[{i}]"));
            }
            if (error is not null) Fail(new IngestFailure(line.LineNumber, line.Id, error));
            else drafts.Add((line, new ProductDraft(line.Id, line.Title, line.Category, line.Description, line.Attributes, [], photos.MoveToImmutable(), $"line {line.LineNumber}")));
        }

        IReadOnlyDictionary<string, string> stored;
        try
        {
            stored = await target.GetContentHashesAsync([.. drafts.Select(d => d.Draft.Id)], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            foreach (var (line, _) in drafts) Fail(new IngestFailure(line.LineNumber, line.Id, $"the stored content hashes could not be read ({exception.GetType().Name}); run again to retry."));
            return;
        }
        var changed = drafts.Select(d => (d.Line, d.Draft, Hash: ContentHash.Compute(model, d.Draft)))
            .Where(d => stored.GetValueOrDefault(d.Draft.Id) != d.Hash)
            .ToList();
        Count(skipped: drafts.Count - changed.Count);
        if (changed.Count == 0) return;

        var written = await writer.WriteAsync(target, [.. changed.Select(d => d.Draft)], [.. changed.Select(d => d.Hash)], cancellationToken);
        var committed = 0;
        for (var i = 0; i < changed.Count; i++)
        {
            var (line, result) = (changed[i].Line, written[i]);
            switch (result.Status)
            {
                case ProductWriteStatus.Committed:
                    committed++;
                    break;
                case ProductWriteStatus.NotCommitted:
                    Fail(new IngestFailure(line.LineNumber, line.Id, result.Error!.Message));
                    break;
                default:
                    Fail(new IngestFailure(line.LineNumber, line.Id, $"{result.Error!.Field}: {result.Error.Message}"));
                    break;
            }
        }
        Count(ingested: committed);
    }

    private static async Task<(byte[]? Photo, string? Error)> ReadPhotoAsync(string relative, IngestSettings settings, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.ImageRoot, relative);
        if (settings.Confine is { } root)
        {
            var (inside, problem) = root.Resolve(path); // refuses '..' segments, links out of the root and missing files
            if (problem is not null) return (null, $"image '{relative}' {problem}");
            path = inside!;
        }
        try
        {
            var length = new FileInfo(path).Length;
            if (length > settings.MaxImageBytes) return (null, $"image '{relative}' has {length} bytes; at most {settings.MaxImageBytes} are accepted.");
            return (await File.ReadAllBytesAsync(path, cancellationToken), null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, $"image '{relative}' cannot be read ({exception.GetType().Name})."); // the message would name the server path
        }
    }

    private void Fail(IngestFailure failure)
    {
        lock (_gate)
        {
            _failures.Add(failure);
        }
    }

    private void Count(int ingested = 0, int skipped = 0)
    {
        lock (_gate)
        {
            _ingested += ingested;
            _skipped += skipped;
        }
    }

    private IngestProgress Snapshot(int total)
    {
        lock (_gate) return new IngestProgress(_ingested + _skipped + _failures.Count, total, _ingested, _skipped, _failures.Count);
    }
}
