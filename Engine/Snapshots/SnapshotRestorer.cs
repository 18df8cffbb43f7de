using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// Restores a snapshot into a collection that does not exist yet: the snapshot is verified first (nothing is created
/// for a damaged one), then the collection is created with the snapshot's settings and filled in batches of
/// <paramref name="batchProducts"/>. A restore that fails or is cancelled after the create deletes the collection again,
/// so none is left created and partly filled.
/// </summary>
public sealed class SnapshotRestorer(ISnapshotRestoreTarget target, int batchProducts)
{
    /// <exception cref="InvalidSnapshotException">The snapshot is damaged or of another format; nothing was written.</exception>
    /// <exception cref="SnapshotTargetExistsException">The collection exists; nothing was written.</exception>
    /// <exception cref="SnapshotRestoreFailedException">Writing failed; the collection was deleted again (see <see cref="SnapshotRestoreFailedException.CleanedUp"/>).</exception>
    public async Task<CollectionSpec> RestoreAsync(
        SnapshotReader snapshot, string collection, IProgress<SnapshotProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var requested = snapshot.Manifest.Settings.ToSpec(collection);
        await snapshot.VerifyAsync(cancellationToken);
        var outcome = await target.CreateCollectionAsync(requested, cancellationToken);
        if (outcome.Status != CreateCollectionStatus.Created) throw new SnapshotTargetExistsException(collection);
        var spec = outcome.Existing;
        try
        {
            await FillAsync(snapshot, spec, progress, cancellationToken);
            return spec;
        }
        catch (Exception exception)
        {
            var cleanedUp = await DeleteAsync(spec.Name);
            var cleanup = cleanedUp
                ? $"collection '{spec.Name}' was deleted again, nothing of the restore is left."
                : $"collection '{spec.Name}' could not be deleted again and holds part of the snapshot: delete it before restoring again.";
            var reason = exception switch
            {
                OperationCanceledException => "the restore was cancelled",
                InvalidSnapshotException invalid => $"{invalid.Field}: {invalid.Message}",
                _ => exception.Message,
            };
            throw new SnapshotRestoreFailedException($"restoring '{snapshot.Name}' into '{spec.Name}' failed ({reason}); {cleanup}", cleanedUp, exception);
        }
    }

    private async Task FillAsync(SnapshotReader snapshot, CollectionSpec spec, IProgress<SnapshotProgress>? progress, CancellationToken cancellationToken)
    {
        var total = snapshot.Manifest.Products;
        long done = 0;
        var batch = new List<ProductRecord>(batchProducts);
        progress?.Report(new SnapshotProgress(0, total));
        await foreach (var (line, product) in snapshot.ReadAsync(cancellationToken))
        {
            batch.Add(product.ToRecord(spec, line));
            if (batch.Count < batchProducts) continue;
            done += await WriteAsync(spec, batch, cancellationToken);
            progress?.Report(new SnapshotProgress(done, total));
        }
        done += await WriteAsync(spec, batch, cancellationToken);
        progress?.Report(new SnapshotProgress(done, total));
    }

    private async Task<int> WriteAsync(CollectionSpec spec, List<ProductRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return 0;
        var results = await target.UpsertAsync(spec, batch, cancellationToken);
        if (results.FirstOrDefault(r => !r.Committed) is { } failed)
        {
            throw new IOException($"product '{failed.Id}' was not committed: {failed.Error}");
        }
        var written = batch.Count;
        batch.Clear();
        return written;
    }

    private async Task<bool> DeleteAsync(string name)
    {
        try
        {
            // Not the caller's token: a cancelled restore must still clean up.
            await target.DeleteCollectionAsync(name, CancellationToken.None);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
