using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Telemetry;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// Writes drafts to a collection: builds them (content encoded with the collection's model; without a model
/// the explicit vectors are the product), upserts the built ones in one call and reports, per draft and in
/// the drafts' order, what became of it. The HTTP upsert and the catalog ingestor both write this way.
/// </summary>
public sealed class ProductWriter(ProductBuilder builder)
{
    /// <param name="contentHashes">Each draft's <see cref="ContentHash"/> when the caller has computed it already.</param>
    /// <exception cref="CollectionNotFoundException">The collection is gone: no product of it can be written.</exception>
    public async Task<IReadOnlyList<ProductWriteResult>> WriteAsync(
        IIngestTarget target, IReadOnlyList<ProductDraft> drafts, IReadOnlyList<string>? contentHashes = null, CancellationToken cancellationToken = default)
    {
        var results = new ProductWriteResult[drafts.Count];
        var built = await BuildAsync(target.Collection, drafts, contentHashes, cancellationToken);
        var ready = new List<(int Index, ProductRecord Product)>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            if (built[i].Product is { } product) ready.Add((i, product));
            else results[i] = new ProductWriteResult(drafts[i].Id, built[i].Error!.Transient ? ProductWriteStatus.NotEncoded : ProductWriteStatus.Rejected, built[i].Error);
        }
        if (ready.Count > 0) await UpsertAsync(target, drafts, ready, results, cancellationToken);
        Count(target.Collection.Name, results);
        return results;
    }

    private async Task<IReadOnlyList<BuiltProduct>> BuildAsync(
        CollectionSpec spec, IReadOnlyList<ProductDraft> drafts, IReadOnlyList<string>? contentHashes, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0) return [];
        if (spec.Model is not null) return await builder.BuildAsync(spec, drafts, contentHashes, cancellationToken);
        return [.. drafts.Select((draft, i) => new BuiltProduct(ProductBuilder.ToRecord(draft, draft.Vectors, thumbnails: [], hash: contentHashes?[i]), null))];
    }

    private static async Task UpsertAsync(
        IIngestTarget target, IReadOnlyList<ProductDraft> drafts, List<(int Index, ProductRecord Product)> ready, ProductWriteResult[] results, CancellationToken cancellationToken)
    {
        IReadOnlyList<ItemWriteResult> written;
        try
        {
            written = await target.UpsertAsync([.. ready.Select(r => r.Product)], cancellationToken);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or CollectionNotFoundException))
        {
            foreach (var (index, _) in ready)
            {
                results[index] = NotCommitted(drafts[index], $"the write was not committed ({exception.GetType().Name}); run again to retry.");
            }
            return;
        }
        for (var j = 0; j < ready.Count; j++)
        {
            var (index, _) = ready[j];
            results[index] = written[j].Committed
                ? new ProductWriteResult(drafts[index].Id, ProductWriteStatus.Committed)
                : NotCommitted(drafts[index], written[j].Error ?? "not committed.", written[j].OverBudget);
        }
    }

    private static void Count(string collection, ProductWriteResult[] results)
    {
        foreach (var outcome in results.GroupBy(r => r.Status))
        {
            var tags = UmsInstruments.Collection(collection);
            if (outcome.Key == ProductWriteStatus.Committed)
            {
                UmsInstruments.ProductsWritten.Add(outcome.Count(), tags);
                continue;
            }
            tags.Add("ums.status", outcome.Key.ToString());
            UmsInstruments.ProductsFailed.Add(outcome.Count(), tags);
        }
    }

    // A write fails the whole product, so the error names the product (products[3]), or its id where the
    // request holds a single product and has no prefix.
    private static ProductWriteResult NotCommitted(ProductDraft draft, string message, bool overBudget = false) =>
        new(draft.Id, ProductWriteStatus.NotCommitted, new IngestError(draft.FieldPrefix.Length > 0 ? draft.FieldPrefix : "id", message, Transient: true), overBudget);
}
