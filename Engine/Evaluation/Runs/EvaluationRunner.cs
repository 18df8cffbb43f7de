using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Evaluation.Adapters;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Metrics;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// One evaluation run through the cluster, direction by direction: encode the gallery in batches (vectors
/// spooled to disk) → load it into a temporary collection spread over the shards and check they hold it →
/// encode the queries (spooled) → search them in batches through the same fan-out and merge as live traffic →
/// metrics; then write metrics.json and report.md and drop the temporary collections (also on failure or
/// cancel). A set that two directions use with the same halves (CTC's images and captions, the catalog's text
/// queries) is encoded once. Images are never held beyond one batch; labels (small) are kept per row. With an
/// adapter, every direction the adapter applies to runs a second time in the adapted <see cref="SearchPass"/>
/// (projected rows in collections of their own, metrics prefixed <c>adapted.</c>) after the raw directions.
/// </summary>
public sealed partial class EvaluationRunner(ISearchTarget catalog, TimeProvider time, ILogger<EvaluationRunner> logger)
{
    private const int MaxHitsPerSearchBatch = 50_000;

    /// <param name="adapter">Also search through this adapter (already checked against the encoder's model); null: raw only.</param>
    public async Task<EvaluationReport> RunAsync(string runId, EvaluationSettings settings, IEvaluationEncoder encoder, ProgressTracker progress, EvaluationAdapter? adapter = null)
    {
        settings.Validate();
        var token = progress.Token;
        var started = time.GetUtcNow();
        var dataset = EvaluationPlans.Open(settings.Layout, settings.DataDirectory);
        var directions = EvaluationPlans.For(dataset);
        var metrics = new List<MetricValue>();
        var sceneText = SceneTextSupply.Resolve(settings.Ocr, dataset, encoder.ReadsSceneText);
        using var run = new EvaluationRun(runId, settings, encoder, progress, sceneText);
        var collections = run.Collections;
        var notes = new List<string> { "Peak memory is the peak working set of the process that ran the evaluation (with an embedded silo: the whole silo)." };
        if (sceneText.Note is { } ocrNote) notes.Add(ocrNote);
        LogRunStarted(runId, settings.Layout, encoder.Model, settings.Shards);
        LogSceneText(runId, sceneText.Description);
        try
        {
            SearchPass[] passes = adapter is null ? [SearchPass.Raw(encoder)] : [SearchPass.Raw(encoder), SearchPass.Adapted(encoder, adapter)];
            var runnable = passes.Select(pass => (Pass: pass, Directions: directions.Where(d => Runnable(pass, d, notes)).ToList())).ToList();
            if (runnable.All(p => p.Directions.Count == 0)) throw new InvalidOperationException(string.Join(" ", notes.Skip(1)));
            foreach (var (pass, passDirections) in runnable)
            {
                foreach (var direction in passDirections) metrics.AddRange(await RunDirectionAsync(run, direction, pass));
            }

            foreach (var (name, count) in sceneText.Tally.Counts()) run.Counts[name] = count;
            progress.StartPhase(EvaluationPhase.StoringResult, 2);
            var report = new EvaluationReport(
                runId,
                settings.Layout,
                Path.GetFullPath(settings.DataDirectory),
                encoder.Model,
                Configuration(settings, encoder, runnable[0].Directions, adapter, adapter is null ? null : runnable[1].Directions, sceneText),
                run.Counts,
                metrics,
                run.Skips.Snapshot(),
                progress.Timings,
                progress.Elapsed,
                Process.GetCurrentProcess().PeakWorkingSet64,
                started,
                notes);
            MetricsJsonWriter.Write(settings.OutputDirectory, report);
            MarkdownReportWriter.Write(settings.OutputDirectory, report);
            progress.Advance(2);

            progress.StartPhase(EvaluationPhase.DroppingCollection, collections.Count);
            foreach (var spec in collections.ToList())
            {
                await catalog.DeleteCollectionAsync(spec.Name);
                collections.Remove(spec);
                progress.Advance(1);
            }
            progress.Finish(EvaluationPhase.Completed);
            LogRunFinished(runId, progress.Elapsed.TotalSeconds);
            return report with { Phases = progress.Timings, WallTime = progress.Elapsed };
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            progress.Finish(EvaluationPhase.Cancelled, "cancelled");
            LogRunCancelled(runId);
            throw;
        }
        catch (Exception exception)
        {
            progress.Finish(EvaluationPhase.Failed, exception.Message);
            LogRunFailed(exception, runId);
            throw;
        }
        finally
        {
            foreach (var spec in collections)
            {
                try
                {
                    await catalog.DeleteCollectionAsync(spec.Name);
                }
                catch (Exception exception)
                {
                    LogDropFailed(exception, spec.Name);
                }
            }
        }
    }

    /// <summary>
    /// A direction needs queries and gallery items in one shared space. A model that maps texts and images
    /// to different spaces (the default: MiniLM 384, ResNet-18 512) cannot search photos by text, unless an
    /// alignment adapter brings both into one; a direction that cannot run is left out with a note saying so,
    /// and the others run.
    /// </summary>
    private static bool Runnable(SearchPass pass, EvaluationDirection direction, List<string> notes)
    {
        if (pass.WhyNot(direction) is not { } reason) return true;
        notes.Add(reason);
        return false;
    }

    private async Task<IReadOnlyList<MetricValue>> RunDirectionAsync(EvaluationRun run, EvaluationDirection direction, SearchPass pass)
    {
        var (settings, progress, token) = (run.Settings, run.Progress, run.Token);
        var gallerySpaces = pass.Spaces(direction.GalleryHalves);
        var querySpaces = pass.Spaces(direction.QueryHalves);
        var name = pass.Prefix + direction.Name;
        var spec = new CollectionSpec($"eval-{run.Id}-{pass.CollectionTag}{direction.Name}", settings.Shards, [.. gallerySpaces.Select(s => new VectorSpace(s.Name, s.Dimension))]);
        var created = await catalog.CreateCollectionAsync(spec);
        if (created.Status != CreateCollectionStatus.Created)
        {
            // Left by an earlier attempt of this run that was interrupted: run ids are unique and a run has one owner.
            await catalog.DeleteCollectionAsync(spec.Name);
            created = await catalog.CreateCollectionAsync(spec);
            if (created.Status != CreateCollectionStatus.Created) throw new InvalidOperationException($"temporary collection '{spec.Name}' already exists.");
        }
        run.Collections.Add(spec);

        var gallery = await EncodeOnceAsync(run, direction.Gallery, direction.GalleryHalves, pass.EncodedSpaces(direction.GalleryHalves), EvaluationPhase.EncodingGallery);
        if (gallery.Rows == 0) throw new InvalidOperationException($"the gallery of '{direction.Name}' is empty (every item was skipped).");
        var galleryRows = new PassRows(gallery, pass, direction.GalleryHalves);
        var (galleryLabels, galleryPositions) = direction.ProductsByLabel ? await LoadProductsAsync(run, spec, galleryRows, gallerySpaces) : await LoadItemsAsync(run, spec, galleryRows, gallerySpaces);
        var perLabel = galleryLabels.Select(l => l[0]).CountBy(label => label, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var loaded = (await catalog.GetShardStatsAsync(spec)).Sum(s => (long)s.Products);
        if (loaded != galleryPositions) throw new InvalidOperationException($"the shards hold {loaded} of the {galleryPositions} gallery products written.");

        // The queries: another set, encoded (once), or the gallery itself for leave-one-out.
        var queriesEncoded = direction.Queries is { } queries
            ? await EncodeOnceAsync(run, queries, direction.QueryHalves, pass.EncodedSpaces(direction.QueryHalves), EvaluationPhase.EncodingQueries)
            : gallery;
        IReadOnlyList<ImmutableArray<string>> queryLabels = queriesEncoded.Labels;

        // Search through the fan-out and merge path.
        var spool = new PassRows(queriesEncoded, pass, direction.QueryHalves);
        var depth = direction.SearchDepth(perLabel.Values.Max(), galleryPositions);
        // Deep searches (CTC ranks the whole gallery) return many hits per query: keep one batch's answer small.
        var searchBatch = Math.Clamp(MaxHitsPerSearchBatch / depth, 1, settings.SearchBatch);
        progress.StartPhase(EvaluationPhase.Searching, spool.Rows);
        var ranked = new int[spool.Rows][];
        for (var start = 0; start < spool.Rows; start += searchBatch)
        {
            token.ThrowIfCancellationRequested();
            var count = Math.Min(searchBatch, spool.Rows - start);
            var rows = spool.Read(start, count);
            var batch = Enumerable.Range(0, count).Select(i => Query(rows.AsSpan(i * spool.Width, spool.Width), querySpaces, gallerySpaces, depth)).ToList();
            var answers = await catalog.SearchBatchAsync(spec, batch, token);
            for (var i = 0; i < count; i++)
            {
                if (answers[i].Partial) throw new InvalidOperationException($"shards {string.Join(", ", answers[i].MissingShards)} did not answer; metrics on a partial answer would be wrong.");
                var positions = answers[i].Hits.Select(h => GalleryKey.Parse(h.Id)).ToArray();
                ranked[start + i] = direction.LeaveOneOut ? RankedLists.DropSelf(positions, start + i, depth - 1) : positions;
            }
            progress.Advance(count);
        }

        if (settings.DumpFeatures) RankedListFile.Write(Path.Combine(settings.OutputDirectory, $"{LayoutName(settings)}_{pass.CollectionTag.Replace('-', '_')}{direction.Name}_ranked.tsv"), ranked);

        progress.StartPhase(EvaluationPhase.ComputingMetrics, ranked.Length);
        var result = direction.Metrics(new MetricInputs(ranked, queryLabels, galleryLabels));
        progress.Advance(ranked.Length);
        run.Counts[$"{name}.gallery"] = galleryLabels.Count;
        run.Counts[$"{name}.queries"] = ranked.Length;
        run.Counts[$"{name}.queries_without_relevant"] = result.QueriesWithoutRelevant;
        run.Counts[$"{name}.search_depth"] = depth;
        run.Counts["skipped"] = run.Skips.Count;
        return [.. result.Metrics.Select(m => m with { Name = pass.Prefix + m.Name })];
    }

    /// <summary>Loads the gallery into the shards, item i as product GalleryKey(i); the labels per gallery position.</summary>
    private async Task<(IReadOnlyList<ImmutableArray<string>> Labels, int Positions)> LoadItemsAsync(EvaluationRun run, CollectionSpec spec, PassRows gallery, IReadOnlyList<PassSpace> spaces)
    {
        run.Progress.StartPhase(EvaluationPhase.LoadingCollection, gallery.Rows);
        for (var start = 0; start < gallery.Rows; start += run.Settings.UpsertChunk)
        {
            run.Token.ThrowIfCancellationRequested();
            var count = Math.Min(run.Settings.UpsertChunk, gallery.Rows - start);
            var rows = gallery.Read(start, count);
            await UpsertAsync(spec, [.. Enumerable.Range(0, count).Select(i => new ProductRecord(
                GalleryKey.Format(start + i), null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                Vectors(rows.AsSpan(i * gallery.Width, gallery.Width), spaces)))]);
            run.Progress.Advance(count);
        }
        return (gallery.Set.Labels, gallery.Rows);
    }

    /// <summary>
    /// Loads the gallery as products: the items of label j (in order of first appearance) become product GalleryKey(j)
    /// with one vector per item in each space. The labels per gallery position are then one per product. The spool is
    /// read once, in order, in chunks; a product is written once all its items are read.
    /// </summary>
    private async Task<(IReadOnlyList<ImmutableArray<string>> Labels, int Positions)> LoadProductsAsync(EvaluationRun run, CollectionSpec spec, PassRows gallery, IReadOnlyList<PassSpace> spaces)
    {
        var products = new Dictionary<string, (int Position, List<SpaceVector> Vectors)>(StringComparer.Ordinal);
        run.Progress.StartPhase(EvaluationPhase.LoadingCollection, gallery.Rows);
        for (var start = 0; start < gallery.Rows; start += run.Settings.UpsertChunk)
        {
            run.Token.ThrowIfCancellationRequested();
            var count = Math.Min(run.Settings.UpsertChunk, gallery.Rows - start);
            var rows = gallery.Read(start, count);
            for (var i = 0; i < count; i++)
            {
                var label = gallery.Set.PrimaryLabels[start + i];
                if (!products.TryGetValue(label, out var product)) products[label] = product = (products.Count, []);
                product.Vectors.AddRange(Vectors(rows.AsSpan(i * gallery.Width, gallery.Width), spaces));
            }
            run.Progress.Advance(count);
        }
        foreach (var chunk in products.Values.Chunk(run.Settings.UpsertChunk))
        {
            await UpsertAsync(spec, [.. chunk.Select(p => new ProductRecord(GalleryKey.Format(p.Position), null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                [.. p.Vectors.OrderBy(v => v.Space, StringComparer.Ordinal)]))]);
        }
        return ([.. products.OrderBy(p => p.Value.Position).Select(p => ImmutableArray.Create(p.Key))], products.Count);
    }

    /// <summary>
    /// The set's rows in the layout of <paramref name="spaces"/>, encoded on first use and kept (on disk) for
    /// the run; features are dumped on first use too, once per set and halves.
    /// </summary>
    private static async Task<EncodedSet> EncodeOnceAsync(EvaluationRun run, EvalSet set, Halves halves, IReadOnlyList<PassSpace> spaces, EvaluationPhase phase)
    {
        var (settings, encoder, progress, skips, encodedSets) = (run.Settings, run.Encoder, run.Progress, run.Skips, run.EncodedSets);
        if (encodedSets.Find(set.Name, halves) is { } known) return known;
        progress.StartPhase(phase, set.Count);
        var encoded = encodedSets.Add(set.Name, halves, spaces.Sum(s => s.Dimension));
        var prefix = encodedSets.DumpPrefix($"{LayoutName(settings)}_{set.Name}", halves);
        using var dump = settings.DumpFeatures ? Dump(settings, prefix, halves, encoder) : null;
        await foreach (var (batch, encodedBatch) in OrderedPipeline.RunAsync(
            run.SceneText.Attach(set.Name, set.Read(skips), skips).Chunk(settings.EncodeBatch),
            batch => BatchEncoder.EncodeAsync(encoder, batch, halves, set.Name, skips, progress.Token),
            settings.EncodeConcurrency,
            progress.Token))
        {
            foreach (var item in encodedBatch)
            {
                encoded.Add(item.Item, Row(item, spaces));
                dump?.Append(item.Item, item.Image, item.Text);
            }
            progress.Advance(batch.Length);
        }
        dump?.Complete();
        return encoded;
    }

    private static string LayoutName(EvaluationSettings settings) => settings.Layout.ToString().ToLowerInvariant();

    private async Task UpsertAsync(CollectionSpec spec, List<ProductRecord> pending)
    {
        if (pending.Count == 0) return;
        var failed = (await catalog.UpsertAsync(spec, pending)).FirstOrDefault(r => !r.Committed);
        if (failed is not null) throw new InvalidOperationException($"gallery item {failed.Id} was not stored: {failed.Error}");
        pending.Clear();
    }

    private static float[] Row(EncodedEvalItem item, IReadOnlyList<PassSpace> spaces)
    {
        var row = new float[spaces.Sum(s => s.Dimension)];
        var offset = 0;
        foreach (var space in spaces)
        {
            (space.Half == Halves.Image ? item.Image : item.Text)?.CopyTo(row, offset);
            offset += space.Dimension;
        }
        return row;
    }

    /// <summary>A gallery row as product vectors; a half that was not encoded (all zeros) is left out.</summary>
    private static ImmutableArray<SpaceVector> Vectors(ReadOnlySpan<float> row, IReadOnlyList<PassSpace> spaces)
    {
        var vectors = ImmutableArray.CreateBuilder<SpaceVector>(spaces.Count);
        var offset = 0;
        foreach (var space in spaces)
        {
            var half = row.Slice(offset, space.Dimension);
            offset += space.Dimension;
            if (half.ContainsAnyExcept(0f)) vectors.Add(SpaceVector.FromFloats(space.Name, half));
        }
        return vectors.ToImmutable();
    }

    private static ShardQuery Query(ReadOnlySpan<float> row, IReadOnlyList<PassSpace> querySpaces, IReadOnlyList<PassSpace> gallerySpaces, int k)
    {
        var vectors = ImmutableArray.CreateBuilder<QueryVector>();
        var offset = 0;
        for (var s = 0; s < querySpaces.Count; s++)
        {
            var half = row.Slice(offset, querySpaces[s].Dimension);
            offset += querySpaces[s].Dimension;
            if (!half.ContainsAnyExcept(0f)) continue;
            vectors.Add(new QueryVector(gallerySpaces[s].Name, 1f, MemoryMarshal.AsBytes(half).ToArray()));
        }
        return new ShardQuery(vectors.ToImmutable(), k);
    }

    private static FeatureDump Dump(EvaluationSettings settings, string prefix, Halves halves, IEvaluationEncoder encoder) =>
        new(settings.OutputDirectory, prefix, settings.DataDirectory,
            halves.HasFlag(Halves.Image) ? encoder.ImageDimension : null,
            halves.HasFlag(Halves.Text) ? encoder.TextDimension : null);

    /// <param name="directions">The directions that ran (one the model cannot run is only in the notes).</param>
    /// <param name="adaptedDirections">The directions that ran again through the adapter (null without one).</param>
    private static Dictionary<string, string> Configuration(EvaluationSettings settings, IEvaluationEncoder encoder, IReadOnlyList<EvaluationDirection> directions,
        EvaluationAdapter? adapter, IReadOnlyList<EvaluationDirection>? adaptedDirections, SceneTextSupply sceneText)
    {
        var configuration = Configuration(settings, encoder, directions, sceneText);
        if (adapter is null) return configuration;
        foreach (var (key, value) in adapter.Describe()) configuration[key] = value;
        configuration["adapted directions"] = string.Join(", ", adaptedDirections!.Select(d => d.Name));
        return configuration;
    }

    private static Dictionary<string, string> Configuration(EvaluationSettings settings, IEvaluationEncoder encoder, IReadOnlyList<EvaluationDirection> directions, SceneTextSupply sceneText) => new(StringComparer.Ordinal)
    {
        ["layout"] = settings.Layout.ToString(),
        ["data"] = Path.GetFullPath(settings.DataDirectory),
        ["model"] = encoder.Model,
        ["image dimension"] = encoder.ImageDimension?.ToString(CultureInfo.InvariantCulture) ?? "-",
        ["text dimension"] = encoder.TextDimension?.ToString(CultureInfo.InvariantCulture) ?? "-",
        ["shards"] = settings.Shards.ToString(CultureInfo.InvariantCulture),
        ["directions"] = string.Join(", ", directions.Select(d => $"{d.Name} ({(d.LeaveOneOut ? "leave-one-out" : d.Queries!.Name)} → {d.Gallery.Name})")),
        ["encode batch"] = settings.EncodeBatch.ToString(CultureInfo.InvariantCulture),
        ["encode batches in flight"] = settings.EncodeConcurrency.ToString(CultureInfo.InvariantCulture),
        ["search batch"] = settings.SearchBatch.ToString(CultureInfo.InvariantCulture),
        ["features dumped"] = settings.DumpFeatures ? "yes" : "no",
        ["ocr"] = sceneText.Description,
        ["tie rule"] = "score descending, then smaller gallery index",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation {RunId} started: {Layout} with model '{Model}' over {Shards} shards")]
    private partial void LogRunStarted(string runId, EvalLayout layout, string model, int shards);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation {RunId} scene text (OCR): {Source}")]
    private partial void LogSceneText(string runId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation {RunId} finished in {Seconds:0.0} s")]
    private partial void LogRunFinished(string runId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation {RunId} was cancelled")]
    private partial void LogRunCancelled(string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluation {RunId} failed")]
    private partial void LogRunFailed(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drop the temporary collection '{Collection}' of an evaluation")]
    private partial void LogDropFailed(Exception exception, string collection);
}
