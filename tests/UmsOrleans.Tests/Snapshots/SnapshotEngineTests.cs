using System.Collections.Immutable;
using System.Text.Json.Nodes;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Snapshots;

/// <summary>The snapshot writer, reader and restorer over SQLite stores, without a cluster.</summary>
public sealed class SnapshotEngineTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempDirectory("snapshot-engine");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_restored_collection_has_every_field_of_every_product()
    {
        var (store, spec, products) = await SourceAsync(products: 700);
        var snapshot = await SnapshotAsync(store, spec.Name);
        Assert.Equal(700, snapshot.Products);

        var target = await StoreAsync("target");
        var progress = new List<SnapshotProgress>();
        var restored = await new SnapshotRestorer(new StoreRestoreTarget(target), 256)
            .RestoreAsync(await SnapshotReader.OpenAsync(Path.Combine(_folder, "snapshots", snapshot.Name)), "copy", new SyncProgress(progress.Add));

        Assert.True(restored.HasSameSettings(spec with { Name = "copy" }));
        Assert.Equal(new SnapshotProgress(700, 700), progress[^1]);
        foreach (var product in products)
        {
            var copy = await target.GetProductAsync("copy", product.Id);
            Assert.NotNull(copy);
            Assert.Equal((product.Title, product.Category, product.ContentHash), (copy.Title, copy.Category, copy.ContentHash));
            Assert.Equal(product.Attributes.OrderBy(a => a.Key), copy.Attributes.OrderBy(a => a.Key));
            Assert.Equal(product.SceneText.Select(lines => string.Join("|", lines)), copy.SceneText.Select(lines => string.Join("|", lines)));
            // Photo order within a space is kept; the order of the spaces themselves carries no meaning.
            Assert.Equal(
                product.Vectors.OrderBy(v => v.Space, StringComparer.Ordinal).Select(v => (v.Space, Convert.ToBase64String(v.Data))),
                copy.Vectors.OrderBy(v => v.Space, StringComparer.Ordinal).Select(v => (v.Space, Convert.ToBase64String(v.Data))));
            Assert.Equal(product.Thumbnails.Select(Convert.ToBase64String), (await target.GetThumbnailsAsync("copy", product.Id)).Select(Convert.ToBase64String));
        }
    }

    [Fact]
    public async Task Writes_committed_after_the_read_snapshot_opened_are_not_in_it()
    {
        var (store, spec, _) = await SourceAsync(products: 50);
        await using var source = await ((ICatalogSnapshotSource)store).OpenReadSnapshotAsync(spec.Name);
        await store.UpsertProductsAsync(spec, 0, [Product(new Random(9), 1000)]);
        var info = await SnapshotWriter.WriteAsync(source!, Path.Combine(_folder, "snapshots", "during"), TimeProvider.System);
        Assert.Equal(50, info.Products);
        Assert.NotNull(await store.GetProductAsync(spec.Name, "p1000"));
    }

    [Fact]
    public async Task A_tampered_snapshot_or_another_format_version_is_refused_before_anything_is_created()
    {
        var (store, spec, _) = await SourceAsync(products: 20);
        var snapshot = Path.Combine(_folder, "snapshots", (await SnapshotAsync(store, spec.Name)).Name);
        var data = Path.Combine(snapshot, SnapshotManifest.DefaultDataFile);
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(data, bytes);
        var target = new StoreRestoreTarget(await StoreAsync("tampered"));

        var tampered = await Assert.ThrowsAsync<InvalidSnapshotException>(async () =>
            await new SnapshotRestorer(target, 8).RestoreAsync(await SnapshotReader.OpenAsync(snapshot), "copy"));
        Assert.Equal("snapshot", tampered.Field);
        Assert.Contains("checksum", tampered.Message);
        Assert.Equal(0, target.Creates);

        var manifestPath = Path.Combine(snapshot, SnapshotManifest.FileName);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["formatVersion"] = 2;
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        var version = await Assert.ThrowsAsync<InvalidSnapshotException>(() => SnapshotReader.OpenAsync(snapshot));
        Assert.Contains("format version 2", version.Message);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc")]
    [InlineData(".partial")]
    [InlineData("")]
    public void Names_that_leave_the_snapshots_folder_are_refused(string name)
    {
        var directory = new SnapshotDirectory(Path.Combine(_folder, "snapshots"));
        var refused = Assert.Throws<InvalidSnapshotException>(() => directory.PathOf(name));
        Assert.Equal("snapshot", refused.Field);
    }

    [Fact]
    public async Task A_restore_that_fails_part_way_deletes_the_collection_it_created()
    {
        var (store, spec, _) = await SourceAsync(products: 30);
        var snapshot = await SnapshotAsync(store, spec.Name);
        var target = await StoreAsync("failing");

        var failed = await Assert.ThrowsAsync<SnapshotRestoreFailedException>(async () =>
            await new SnapshotRestorer(new StoreRestoreTarget(target, failAfterBatches: 2), 8)
                .RestoreAsync(await SnapshotReader.OpenAsync(Path.Combine(_folder, "snapshots", snapshot.Name)), "copy"));

        Assert.True(failed.CleanedUp);
        Assert.Contains("deleted again", failed.Message);
        Assert.Null(await target.GetCollectionAsync("copy"));
        Assert.Null(await target.GetProductAsync("copy", "p0"));
    }

    [Fact]
    public async Task A_restore_into_an_existing_collection_is_refused()
    {
        var (store, spec, _) = await SourceAsync(products: 5);
        var snapshot = await SnapshotAsync(store, spec.Name);
        await Assert.ThrowsAsync<SnapshotTargetExistsException>(async () =>
            await new SnapshotRestorer(new StoreRestoreTarget(store), 8).RestoreAsync(await SnapshotReader.OpenAsync(Path.Combine(_folder, "snapshots", snapshot.Name)), spec.Name));
        Assert.NotNull(await store.GetProductAsync(spec.Name, "p4"));
    }

    private async Task<SnapshotInfo> SnapshotAsync(ICatalogStore store, string collection)
    {
        await using var source = await ((ICatalogSnapshotSource)store).OpenReadSnapshotAsync(collection);
        var directory = new SnapshotDirectory(Path.Combine(_folder, "snapshots"));
        return await SnapshotWriter.WriteAsync(source!, directory.PathOf(SnapshotDirectory.NewName(collection, TimeProvider.System.GetUtcNow())), TimeProvider.System);
    }

    private async Task<SqliteCatalogStore> StoreAsync(string name)
    {
        var store = new SqliteCatalogStore(Path.Combine(_folder, name, "catalog.db"));
        await store.InitializeAsync();
        return store;
    }

    private async Task<(SqliteCatalogStore Store, CollectionSpec Spec, List<ProductRecord> Products)> SourceAsync(int products)
    {
        var store = await StoreAsync("source");
        var (spec, _) = await store.CreateCollectionAsync(new CollectionSpec("shoes", 3, [new VectorSpace("image", 8), new VectorSpace("text", 5)], "default",
            new QuantizationSpec(QuantizationType.Int8, 4)));
        var random = new Random(3);
        var records = Enumerable.Range(0, products).Select(i => Product(random, i)).ToList();
        foreach (var chunk in records.Chunk(100)) await store.UpsertProductsAsync(spec, 0, chunk);
        return (store, spec, records);
    }

    private static ProductRecord Product(Random random, int i) => new(
        $"p{i}",
        i % 5 == 0 ? null : $"Shoe {i} \"quoted\" é",
        i % 2 == 0 ? "Running" : null,
        i % 3 == 0 ? ImmutableDictionary<string, AttributeValue>.Empty : ImmutableDictionary<string, AttributeValue>.Empty.Add("size", AttributeValue.Of(i % 12)).Add("colour", AttributeValue.Of("red\nblue"))
            .Add("tags", AttributeValue.ListOf([AttributeValue.Of("a"), AttributeValue.Of(i % 2 == 0)])),
        [
            .. Enumerable.Range(0, 1 + i % 3).Select(_ => SpaceVector.FromFloats("image", RandomVectors.Unit(random, 8))),
            .. i % 4 == 0 ? [] : new[] { SpaceVector.FromFloats("text", RandomVectors.Unit(random, 5)) },
        ],
        i % 2 == 0 ? $"hash-{i}" : null,
        i % 3 == 0 ? [] : [.. Enumerable.Range(0, i % 3).Select(t => Enumerable.Range(0, 50 + (i + t) % 17).Select(b => (byte)(b * i + t)).ToArray())],
        i % 4 == 1 ? [[$"SALE {i}", "100% ORGANIC"], []] : default);

    private sealed class SyncProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }
}
