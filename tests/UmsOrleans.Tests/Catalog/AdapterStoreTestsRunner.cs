using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Catalog;

/// <summary>The adapter store, run against every catalog store: versions per collection, listing, round trips, the active version, deletion.</summary>
public abstract class AdapterStoreTestsRunner
{
    /// <summary>A store over the same database each time it is called (a reopen, as after a restart).</summary>
    protected abstract Task<ICatalogStore> OpenStoreAsync(TimeProvider? time = null);

    private static CollectionSpec Spec(string name) => new(name, 2, [new VectorSpace("image", 3), new VectorSpace("text", 2)]);

    /// <summary>A small adapter whose every number is known: image (3) into a 2-dimensional target.</summary>
    private static Adapter Adapt(int seed = 0) => new(
        AdapterKind.Adapt,
        "image.adapted",
        2,
        [new LinearMap("image", 3, 2, [0.1f, 0.2f, 0.3f], [1f, 0f, 0f, 1f, 0.5f, -0.5f])],
        new AdapterTraining("lda", 0.1, 48, 12, 0),
        [new ValidationScore(0.01, 0.5, 0.4), new ValidationScore(0.1, 0.75, 0.6)],
        seed);

    private static Adapter Align() => new(
        AdapterKind.Align,
        "shared",
        1,
        [new LinearMap("image", 3, 1, [0f, 0f, 0f], [1f, 2f, 3f]), new LinearMap("text", 2, 1, [0.5f, 0.5f], [-1f, 1f])],
        new AdapterTraining("cca", 0.3, 96, 12, 48),
        [new ValidationScore(0.3, 0.9, 0.8)],
        7);

    [Fact]
    public async Task Versions_count_from_one_per_collection_and_list_without_reading_matrices_back()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var store = await OpenStoreAsync(time);
        var (first, _) = await store.CreateCollectionAsync(Spec($"a-{Guid.NewGuid():N}"));
        var (other, _) = await store.CreateCollectionAsync(Spec($"a-{Guid.NewGuid():N}"));

        var v1 = await store.SaveAdapterAsync(first, Adapt(), "product");
        time.Advance(TimeSpan.FromMinutes(5));
        var v2 = await store.SaveAdapterAsync(first, Align(), "attributes.brand");
        var otherV1 = await store.SaveAdapterAsync(other, Adapt(seed: 3), "product");

        Assert.Equal((1, 2, 1), (v1.Version, v2.Version, otherV1.Version));
        var listed = await (await OpenStoreAsync()).ListAdaptersAsync(first.Name);
        Assert.Equal([1, 2], listed.Select(a => a.Version));
        var align = listed[1];
        Assert.Equal((first.Name, AdapterKind.Align, "attributes.brand", "shared", 1), (align.Collection, align.Kind, align.Label, align.TargetSpace, align.TargetDimension));
        Assert.Equal(["image", "text"], align.SourceSpaces);
        Assert.Equal(new AdapterTraining("cca", 0.3, 96, 12, 48), align.Training);
        Assert.Equal([new ValidationScore(0.3, 0.9, 0.8)], align.Validation);
        Assert.Equal(7, align.Seed);
        Assert.Equal(time.GetUtcNow(), align.CreatedAt);
        Assert.Equal(AdapterCodec.Write(Align()).Length, align.Bytes);
        Assert.Equal(v2, align with { SourceSpaces = v2.SourceSpaces, Validation = v2.Validation });
        Assert.Empty(await store.ListAdaptersAsync($"missing-{Guid.NewGuid():N}"));
    }

    [Fact]
    public async Task A_version_read_back_has_the_matrices_it_was_saved_with()
    {
        var store = await OpenStoreAsync();
        var (spec, _) = await store.CreateCollectionAsync(Spec($"a-{Guid.NewGuid():N}"));
        await store.SaveAdapterAsync(spec, Adapt(), "product");
        await store.SaveAdapterAsync(spec, Align(), "product");

        var read = await (await OpenStoreAsync()).GetAdapterAsync(spec.Name, 2);

        Assert.NotNull(read);
        var (info, adapter) = read.Value;
        Assert.Equal(2, info.Version);
        Assert.Equal(AdapterCodec.Write(Align()), AdapterCodec.Write(adapter));
        Assert.Equal(new[] { -1f, 1f }, adapter.MapFor("text").Weights);
        Assert.Null(await store.GetAdapterAsync(spec.Name, 3));
        Assert.Null(await store.GetAdapterAsync($"missing-{Guid.NewGuid():N}", 1));
    }

    [Fact]
    public async Task The_active_version_is_kept_in_the_collection_settings_and_only_a_stored_version_can_be_active()
    {
        var store = await OpenStoreAsync();
        var (spec, _) = await store.CreateCollectionAsync(Spec($"a-{Guid.NewGuid():N}"));
        await store.SaveAdapterAsync(spec, Adapt(), "product");
        await store.SaveAdapterAsync(spec, Adapt(seed: 1), "product");

        var activated = await store.SetActiveAdapterAsync(spec, 2);

        Assert.Equal(2, activated.ActiveAdapter);
        var reread = (await (await OpenStoreAsync()).GetCollectionAsync(spec.Name))!;
        Assert.Equal(2, reread.ActiveAdapter);
        Assert.Equal(spec.Generation, reread.Generation);
        Assert.True(reread.HasSameSettings(spec));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => store.SetActiveAdapterAsync(spec, 3));
        Assert.Contains("no adapter version 3", unknown.Message);
        Assert.Equal(2, (await store.GetCollectionAsync(spec.Name))!.ActiveAdapter);
        Assert.Null((await store.SetActiveAdapterAsync(spec, null)).ActiveAdapter);
        Assert.Null((await store.GetCollectionAsync(spec.Name))!.ActiveAdapter);
    }

    [Fact]
    public async Task A_write_for_another_generation_of_the_collection_is_refused()
    {
        var store = await OpenStoreAsync();
        var name = $"a-{Guid.NewGuid():N}";
        var (old, _) = await store.CreateCollectionAsync(Spec(name));
        await store.SaveAdapterAsync(old, Adapt(), "product");
        await store.DeleteCollectionAsync(name);
        var (again, _) = await store.CreateCollectionAsync(Spec(name));

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => store.SetActiveAdapterAsync(old, 1));
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => store.SaveAdapterAsync(old, Adapt(), "product"));
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => store.SaveAdapterAsync(Spec($"missing-{Guid.NewGuid():N}"), Adapt(), "product"));
        Assert.Empty(await store.ListAdaptersAsync(name));
        Assert.Null((await store.GetCollectionAsync(name))!.ActiveAdapter);
        Assert.Equal(1, (await store.SaveAdapterAsync(again, Adapt(), "product")).Version);
    }

    [Fact]
    public async Task Deleting_a_collection_deletes_its_adapters_and_the_name_starts_again_at_version_one()
    {
        var store = await OpenStoreAsync();
        var name = $"a-{Guid.NewGuid():N}";
        var kept = $"a-{Guid.NewGuid():N}";
        var (spec, _) = await store.CreateCollectionAsync(Spec(name));
        var (keptSpec, _) = await store.CreateCollectionAsync(Spec(kept));
        await store.SaveAdapterAsync(spec, Adapt(), "product");
        await store.SaveAdapterAsync(spec, Align(), "product");
        await store.SaveAdapterAsync(keptSpec, Adapt(), "product");
        await store.SetActiveAdapterAsync(spec, 2);

        Assert.True(await store.DeleteCollectionAsync(name));

        Assert.Empty(await store.ListAdaptersAsync(name));
        Assert.Null(await store.GetAdapterAsync(name, 1));
        Assert.Single(await store.ListAdaptersAsync(kept));
        var (again, _) = await store.CreateCollectionAsync(Spec(name));
        Assert.Null(again.ActiveAdapter);
        Assert.Equal(1, (await store.SaveAdapterAsync(again, Adapt(), "product")).Version);
    }

    [Fact]
    public async Task Adapters_saved_at_once_take_distinct_versions()
    {
        var store = await OpenStoreAsync();
        var (spec, _) = await store.CreateCollectionAsync(Spec($"a-{Guid.NewGuid():N}"));

        var saved = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => store.SaveAdapterAsync(spec, Adapt(seed: i), "product"))));

        Assert.Equal([1, 2, 3, 4, 5, 6], saved.Select(s => s.Version).Order());
        Assert.Equal([1, 2, 3, 4, 5, 6], (await store.ListAdaptersAsync(spec.Name)).Select(a => a.Version));
    }
}

public sealed class SqliteAdapterStoreTests : AdapterStoreTestsRunner, IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("sqlite-adapters");

    protected override async Task<ICatalogStore> OpenStoreAsync(TimeProvider? time = null)
    {
        var store = new SqliteCatalogStore(Path.Combine(_directory, "catalog.db"), time);
        await store.InitializeAsync();
        return store;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdapterStoreTests(PostgresServer server) : AdapterStoreTestsRunner
{
    protected override async Task<ICatalogStore> OpenStoreAsync(TimeProvider? time = null)
    {
        var store = new PostgresCatalogStore(server.ConnectionString, time);
        await store.InitializeAsync();
        return store;
    }
}
