using System.Collections.Immutable;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Catalog;

/// <summary>One suite, run against every catalog store: they must behave the same.</summary>
public abstract class CatalogStoreTestsRunner
{
    /// <summary>A store over the same database each time it is called (a reopen, as after a restart).</summary>
    protected abstract Task<ICatalogStore> OpenStoreAsync(TimeProvider? time = null);

    /// <summary>A plain connection to that database, to read what the store wrote but does not return.</summary>
    protected abstract Task<DbConnection> OpenDatabaseAsync();

    private static CollectionSpec Spec(string name, int shards = 4) =>
        new(name, shards, [new VectorSpace("image", 3), new VectorSpace("text", 2)]);

    private static ProductRecord Product(string id, string? title = "t", params (string Space, float[] Values)[] vectors) =>
        new(id, title, "cat", ImmutableDictionary<string, AttributeValue>.Empty.Add("brand", AttributeValue.Of("Oatly")).Add("sizes", AttributeValue.ListOf([AttributeValue.Of(1), AttributeValue.Of(true)])),
            vectors.Select(v => SpaceVector.FromFloats(v.Space, v.Values)).ToImmutableArray(), "hash-" + id);

    [Fact]
    public async Task A_resharding_fills_the_next_layout_from_writes_and_the_backfill_and_one_switch_moves_the_routing()
    {
        var store = await OpenStoreAsync();
        var name = $"c-{Guid.NewGuid():N}";
        var (spec, _) = await store.CreateCollectionAsync(Spec(name, shards: 2));
        var before = Enumerable.Range(0, 30).Select(i => $"p{i:D2}").ToList();
        foreach (var group in before.GroupBy(id => ShardRouter.ShardOf(id, 2)))
        {
            await store.UpsertProductsAsync(spec, group.Key, [.. group.Select(id => Product(id, vectors: ("image", [1f, 0f, 0f])))]);
        }

        var resharding = await store.StartReshardingAsync(spec, 5);
        Assert.Equal((2, 5, 0), (resharding.Shards, resharding.ReshardTo, resharding.RoutingVersion));
        Assert.Equal(5, (await store.StartReshardingAsync(spec, 5)).ReshardTo);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.StartReshardingAsync(spec, 3));
        // Written during the move (by the current layout's routing): recorded in both layouts.
        await store.UpsertProductsAsync(spec, ShardRouter.ShardOf("late", 2), [Product("late", vectors: ("image", [0f, 1f, 0f]))]);
        // Two batches, then a store opened again (a restart) goes on after the last batch committed, not from the first product.
        var first = await store.BackfillNextLayoutAsync(resharding, 7);
        var second = await store.BackfillNextLayoutAsync(resharding, 7);
        Assert.Equal((7, 14L), (second.Assigned, second.AssignedSoFar));
        var assigned = first.Assigned + second.Assigned;
        var reopened = await OpenStoreAsync();
        for (var done = false; !done;)
        {
            var step = await reopened.BackfillNextLayoutAsync(resharding, 7);
            Assert.True(string.CompareOrdinal(step.LastId, second.LastId) > 0, $"resumed at {step.LastId}, after {second.LastId}");
            (assigned, done) = (assigned + step.Assigned, step.Done);
            Assert.Equal(assigned, step.AssignedSoFar);
        }
        Assert.Equal(31, assigned);
        Assert.False((await store.GetCollectionAsync(name))!.ReshardBackfilled);
        resharding = await store.MarkBackfilledAsync(resharding);
        Assert.True(resharding.ReshardBackfilled);
        Assert.Equal(31, await store.CountProductsAsync(name));

        var next = resharding.NextLayout!;
        var newLayout = new Dictionary<string, int>();
        for (var shard = 0; shard < 5; shard++)
        {
            await foreach (var product in store.ReadShardAsync(name, shard, next.RoutingVersion)) newLayout.Add(product.Id, shard);
        }
        Assert.Equal([.. before.Append("late").Order()], newLayout.Keys.Order());
        Assert.All(newLayout, p => Assert.Equal(ShardRouter.ShardOf(p.Key, 5), p.Value));

        var switched = await store.SwitchLayoutAsync(resharding);
        Assert.Equal((5, (int?)null, 1, false), (switched.Shards, switched.ReshardTo, switched.RoutingVersion, switched.ReshardBackfilled));
        // The layout left is recorded until it is dropped, so a drop interrupted by a lost silo can be finished.
        Assert.Equal((2, 0), (switched.OldLayout!.Shards, switched.OldLayout.RoutingVersion));
        Assert.Equal((5, 1, (int?)2), (await store.GetCollectionAsync(name)) is { } stored ? (stored.Shards, stored.RoutingVersion, stored.OldLayoutShards) : default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SwitchLayoutAsync(resharding));
        // The old layout's routing is refused and writes nothing, deletes included; the new one writes.
        var refused = await Assert.ThrowsAsync<RoutingChangedException>(() => store.UpsertProductsAsync(spec, 0, [Product("stale", vectors: ("image", [1f, 0f, 0f]))]));
        Assert.Equal((0, 1), (refused.WriterVersion, refused.CurrentVersion));
        Assert.Null(await store.GetProductAsync(name, "stale"));
        await Assert.ThrowsAsync<RoutingChangedException>(() => store.DeleteProductAsync(spec, "late"));
        Assert.NotNull(await store.GetProductAsync(name, "late"));
        Assert.True(await store.DeleteProductAsync(switched, "late"));
        Assert.Null(await store.GetProductAsync(name, "late"));
        await store.UpsertProductsAsync(switched, ShardRouter.ShardOf("late", 5), [Product("late", vectors: ("image", [0f, 1f, 0f]))]);
        var dropped = await store.ForgetOldLayoutAsync(switched);
        Assert.Null(dropped.OldLayoutShards);
        Assert.Null((await store.GetCollectionAsync(name))!.OldLayoutShards);
        await store.UpsertProductsAsync(switched, ShardRouter.ShardOf("fresh", 5), [Product("fresh", vectors: ("image", [0f, 0f, 1f]))]);
        var total = 0;
        for (var shard = 0; shard < 5; shard++)
        {
            await foreach (var product in store.ReadShardAsync(name, shard, switched.RoutingVersion))
            {
                Assert.Equal(ShardRouter.ShardOf(product.Id, 5), shard);
                total++;
            }
        }
        Assert.Equal(32, total);
    }

    [Fact]
    public async Task A_resharding_given_up_leaves_the_layout_as_it_was()
    {
        var store = await OpenStoreAsync();
        var (spec, _) = await store.CreateCollectionAsync(Spec($"c-{Guid.NewGuid():N}", shards: 3));
        foreach (var id in Enumerable.Range(0, 10).Select(i => $"p{i}"))
        {
            await store.UpsertProductsAsync(spec, ShardRouter.ShardOf(id, 3), [Product(id, vectors: ("image", [1f, 0f, 0f]))]);
        }
        var resharding = await store.StartReshardingAsync(spec, 6);
        var partial = await store.BackfillNextLayoutAsync(resharding, 4);
        var kept = await store.CancelReshardingAsync(resharding);
        Assert.Equal((3, (int?)null, 0), (kept.Shards, kept.ReshardTo, kept.RoutingVersion));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BackfillNextLayoutAsync(resharding, 10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SwitchLayoutAsync(resharding));
        // The same resharding asked for again backfills from the first product: the given-up one's position is gone.
        var again = await store.StartReshardingAsync(kept, 6);
        var first = await store.BackfillNextLayoutAsync(again, 4);
        Assert.Equal((partial.LastId, 4L), (first.LastId, first.AssignedSoFar));
    }

    [Fact]
    public async Task Create_is_idempotent_and_reports_what_exists()
    {
        var store = await OpenStoreAsync();
        var name = $"c-{Guid.NewGuid():N}";

        var (first, created) = await store.CreateCollectionAsync(Spec(name));
        var (second, createdAgain) = await store.CreateCollectionAsync(Spec(name, shards: 9));

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(4, second.Shards);
        Assert.True(first.HasSameSettings(Spec(name)));
        Assert.True((await store.GetCollectionAsync(name))!.HasSameSettings(Spec(name)));
        Assert.Null(await store.GetCollectionAsync($"missing-{Guid.NewGuid():N}"));
        Assert.Contains(await store.ListCollectionsAsync(), c => c.Name == name && c.Shards == 4);
    }

    [Fact]
    public async Task Products_round_trip_replace_and_delete_and_survive_a_reopen()
    {
        var store = await OpenStoreAsync();
        var name = $"c-{Guid.NewGuid():N}";
        var (spec, _) = await store.CreateCollectionAsync(Spec(name));
        await store.UpsertProductsAsync(spec, 1, [
            Product("a", "Oat milk", ("image", [0.6f, 0.8f, 0f]), ("text", [1f, 0f])) with { SceneText = [["OATLY", "oat drink"]] },
            Product("b", null, ("text", [0f, 1f])),
            Product("c", "photo only", ("image", [1f, 0f, 0f])),
        ]);
        await store.UpsertProductsAsync(spec, 1, [Product("b", "now titled", ("image", [0f, 0f, 1f]))]);
        Assert.True(await store.DeleteProductAsync(spec, "c"));
        Assert.False(await store.DeleteProductAsync(spec, "c"));

        var reopened = await OpenStoreAsync();
        var a = await reopened.GetProductAsync(name, "a");
        Assert.NotNull(a);
        Assert.Equal("Oat milk", a.Title);
        Assert.Equal(AttributeValue.Of("Oatly"), a.Attributes["brand"]);
        Assert.Equal(AttributeValue.ListOf([AttributeValue.Of(1), AttributeValue.Of(true)]), a.Attributes["sizes"]);
        Assert.Equal("hash-a", a.ContentHash);
        Assert.Equal(["OATLY", "oat drink"], a.SceneText.Single().ToArray());
        Assert.Equal(new[] { 0.6f, 0.8f, 0f }, a.FindVector("image")!.Values.ToArray());
        Assert.Equal(new[] { 1f, 0f }, a.FindVector("text")!.Values.ToArray());
        var b = await reopened.GetProductAsync(name, "b");
        Assert.Equal("now titled", b!.Title);
        Assert.Null(b.FindVector("text"));
        Assert.Null(await reopened.GetProductAsync(name, "c"));
    }

    [Fact]
    public async Task Reading_a_shard_streams_only_that_shards_products()
    {
        var store = await OpenStoreAsync();
        var name = $"c-{Guid.NewGuid():N}";
        var (spec, _) = await store.CreateCollectionAsync(Spec(name));
        await store.UpsertProductsAsync(spec, 0, Enumerable.Range(0, 250).Select(i => Product($"zero-{i}", vectors: ("image", [1f, 0f, 0f]))).ToList());
        await store.UpsertProductsAsync(spec, 2, [Product("two", vectors: ("text", [0f, 1f]))]);

        var shardZero = new List<string>();
        await foreach (var product in store.ReadShardAsync(name, 0)) shardZero.Add(product.Id);
        var shardTwo = new List<string>();
        await foreach (var product in store.ReadShardAsync(name, 2)) shardTwo.Add(product.Id);

        Assert.Equal(250, shardZero.Count);
        Assert.All(shardZero, id => Assert.StartsWith("zero-", id));
        Assert.Equal(new[] { "two" }, shardTwo);
    }

    [Fact]
    public async Task Deleting_a_collection_removes_its_products_and_nothing_else()
    {
        var store = await OpenStoreAsync();
        var doomed = $"c-{Guid.NewGuid():N}";
        var kept = $"c-{Guid.NewGuid():N}";
        var (doomedSpec, _) = await store.CreateCollectionAsync(Spec(doomed));
        var (keptSpec, _) = await store.CreateCollectionAsync(Spec(kept));
        await store.UpsertProductsAsync(doomedSpec, 0, [Product("x", vectors: ("text", [1f, 0f]))]);
        await store.UpsertProductsAsync(keptSpec, 0, [Product("x", vectors: ("text", [1f, 0f]))]);

        Assert.True(await store.DeleteCollectionAsync(doomed));
        Assert.False(await store.DeleteCollectionAsync(doomed));

        Assert.Null(await store.GetCollectionAsync(doomed));
        Assert.Null(await store.GetProductAsync(doomed, "x"));
        Assert.NotNull(await store.GetProductAsync(kept, "x"));
        // A collection created again under the old name starts empty, with a new generation that a write meant for
        // the old one does not carry.
        var (again, _) = await store.CreateCollectionAsync(Spec(doomed));
        Assert.NotEqual(doomedSpec.Generation, again.Generation);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => store.UpsertProductsAsync(doomedSpec, 0, [Product("late", vectors: ("text", [1f, 0f]))]));
        await store.UpsertProductsAsync(again, 0, [Product("x", vectors: ("text", [1f, 0f]))]);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => store.DeleteProductAsync(doomedSpec, "x"));
        Assert.NotNull(await store.GetProductAsync(doomed, "x"));
        Assert.True(await store.DeleteProductAsync(again, "x"));
        var left = new List<ProductRecord>();
        await foreach (var product in store.ReadShardAsync(doomed, 0)) left.Add(product);
        Assert.Empty(left);
    }

    [Fact]
    public async Task Deleting_a_collection_during_writes_leaves_no_product_behind()
    {
        var store = await OpenStoreAsync();
        for (var round = 0; round < 10; round++)
        {
            var name = $"c-{Guid.NewGuid():N}";
            var (spec, _) = await store.CreateCollectionAsync(Spec(name, shards: 4));
            var firstWrites = new CountdownEvent(4);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(shard => Task.Run(async () =>
            {
                var batch = 0;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await store.UpsertProductsAsync(spec, shard, [.. Enumerable.Range(0, 50).Select(i => Product($"{shard}-{batch}-{i}", vectors: ("text", [1f, 0f])))]);
                    }
                    catch (CollectionNotFoundException)
                    {
                        return; // the delete came first: this writer's collection is gone
                    }
                    if (batch++ == 0) firstWrites.Signal();
                }
            })).ToList();
            firstWrites.Wait(TimeSpan.FromSeconds(30));

            Assert.True(await store.DeleteCollectionAsync(name));
            stop.Cancel(); // writes already sent still race the delete; none may survive it
            await Task.WhenAll(writers);

            var (recreated, _) = await store.CreateCollectionAsync(Spec(name, shards: 4) with { Spaces = [new VectorSpace("text", 7)] });
            for (var shard = 0; shard < 4; shard++)
            {
                await foreach (var ghost in store.ReadShardAsync(recreated.Name, shard)) Assert.Fail($"round {round}: product '{ghost.Id}' outlived its collection");
            }
            await store.DeleteCollectionAsync(name);
        }
    }

    [Fact]
    public async Task Thumbnails_are_stored_but_not_read_with_a_shard_and_hashes_are_read_by_id()
    {
        var store = await OpenStoreAsync();
        var name = $"c-{Guid.NewGuid():N}";
        var spec = Spec(name) with { Model = "default" };
        var (stored, _) = await store.CreateCollectionAsync(spec);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        byte[] second = [0xFF, 0xD8, 0xFF, 0xE0, 4, 5];
        byte[] third = [0xFF, 0xD8, 0xFF, 0xE0, 6];
        await store.UpsertProductsAsync(stored, 0, [
            Product("with-photo", vectors: ("image", [1f, 0f, 0f])) with { Thumbnails = [jpeg, second, third] },
            Product("no-hash", vectors: ("text", [1f, 0f])) with { ContentHash = null },
        ]);

        var reopened = await OpenStoreAsync();
        Assert.Equal(jpeg, await reopened.GetThumbnailAsync(name, "with-photo"));
        Assert.Equal(third, await reopened.GetThumbnailAsync(name, "with-photo", photo: 2));
        Assert.Null(await reopened.GetThumbnailAsync(name, "with-photo", photo: 3));
        Assert.Equal(new[] { jpeg, second, third }.Select(Convert.ToBase64String), (await reopened.GetThumbnailsAsync(name, "with-photo")).Select(Convert.ToBase64String));
        Assert.Empty(await reopened.GetThumbnailsAsync(name, "no-hash"));
        Assert.Null(await reopened.GetThumbnailAsync(name, "no-hash"));
        Assert.Null(await reopened.GetThumbnailAsync(name, "missing"));
        await foreach (var product in reopened.ReadShardAsync(name, 0)) Assert.Empty(product.Thumbnails);
        var hashes = await reopened.GetContentHashesAsync(name, ["with-photo", "no-hash", "missing", "with-photo"]);
        Assert.Equal(new Dictionary<string, string> { ["with-photo"] = "hash-with-photo" }, hashes);
        var read = (await reopened.GetCollectionAsync(name))!;
        Assert.Equal("default", read.Model);
        Assert.Equal(stored.Generation, read.Generation);
        Assert.True(read.HasSameSettings(spec));
        Assert.False(read.HasSameSettings(spec with { Model = null }));
    }

    [Fact]
    public async Task Creation_and_update_times_come_from_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var store = await OpenStoreAsync(time);
        var name = $"c-{Guid.NewGuid():N}";
        var created = time.GetUtcNow();
        var (spec, _) = await store.CreateCollectionAsync(Spec(name));
        time.Advance(TimeSpan.FromMinutes(3));
        await store.UpsertProductsAsync(spec, 0, [Product("a", vectors: ("text", [1f, 0f]))]);
        var firstWrite = time.GetUtcNow();
        await store.UpsertProductsAsync(spec, 0, [Product("b", vectors: ("text", [0f, 1f]))]);
        time.Advance(TimeSpan.FromHours(2));
        await store.UpsertProductsAsync(spec, 0, [Product("b", "replaced", ("text", [0f, 1f]))]);

        Assert.Equal(created.ToUnixTimeMilliseconds(), await ReadTimeAsync("SELECT created_at FROM ums_collections WHERE name = @name", name));
        Assert.Equal(firstWrite.ToUnixTimeMilliseconds(), await ReadTimeAsync("SELECT updated_at FROM ums_products WHERE collection = @name AND id = 'a'", name));
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), await ReadTimeAsync("SELECT updated_at FROM ums_products WHERE collection = @name AND id = 'b'", name));
    }

    private async Task<long> ReadTimeAsync(string sql, string collection)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = sql;
        var parameter = select.CreateParameter();
        parameter.ParameterName = "@name";
        parameter.Value = collection;
        select.Parameters.Add(parameter);
        return Convert.ToInt64(await select.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Concurrent_writers_to_different_shards_all_commit()
    {
        var store = await OpenStoreAsync();
        var name = $"c-{Guid.NewGuid():N}";
        var (spec, _) = await store.CreateCollectionAsync(Spec(name, shards: 8));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(shard => Task.Run(async () =>
        {
            for (var batch = 0; batch < 5; batch++)
            {
                await store.UpsertProductsAsync(spec, shard, Enumerable.Range(0, 20).Select(i => Product($"{shard}-{batch}-{i}", vectors: ("text", [1f, 0f]))).ToList());
            }
        })));
        var total = 0;
        for (var shard = 0; shard < 8; shard++)
        {
            await foreach (var _ in store.ReadShardAsync(name, shard)) total++;
        }
        Assert.Equal(8 * 5 * 20, total);
    }

    [Fact]
    public async Task Job_rows_are_replaced_listed_newest_first_by_kind_and_survive_a_reopen()
    {
        var store = (IJobStore)await OpenStoreAsync();
        var kind = $"kind-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var older = new JobRecord($"j-{Guid.NewGuid():N}", kind, """{"task":"sop"}""", "EncodingGallery", 5, 10, t0, t0.AddSeconds(1));
        var newer = new JobRecord($"j-{Guid.NewGuid():N}", kind, "{}", "Queued", 0, 0, t0.AddMinutes(1), t0.AddMinutes(1), OutputDirectory: "/out/b");
        await store.SaveJobAsync(older);
        await store.SaveJobAsync(newer);
        await store.SaveJobAsync(new JobRecord($"j-{Guid.NewGuid():N}", $"other-{kind}", "{}", "Queued", 0, 0, t0, t0));
        var finished = older with { Phase = "Completed", Done = 10, UpdatedAt = t0.AddSeconds(9), FinishedAt = t0.AddSeconds(9), Result = """{"recall@1":0.5}""", Error = null };
        await store.SaveJobAsync(finished);

        var reopened = (IJobStore)await OpenStoreAsync();
        Assert.Equal(finished, await reopened.GetJobAsync(older.Id));
        Assert.Equal([newer, finished], await reopened.ListJobsAsync(kind, 10));
        Assert.Equal([newer], await reopened.ListJobsAsync(kind, 1));
        Assert.Null(await reopened.GetJobAsync($"missing-{Guid.NewGuid():N}"));
        var failed = newer with { Phase = "Failed", Error = "boom", FinishedAt = t0.AddMinutes(2) };
        await reopened.SaveJobAsync(failed);
        Assert.Equal(failed, await store.GetJobAsync(newer.Id));
    }
}

public sealed class SqliteCatalogStoreTests : CatalogStoreTestsRunner, IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("sqlite");

    private string DatabasePath => Path.Combine(_directory, "catalog.db");

    protected override async Task<ICatalogStore> OpenStoreAsync(TimeProvider? time = null)
    {
        var store = new SqliteCatalogStore(DatabasePath, time);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<DbConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCatalogStoreTests(PostgresServer server) : CatalogStoreTestsRunner
{
    protected override async Task<ICatalogStore> OpenStoreAsync(TimeProvider? time = null)
    {
        var store = new PostgresCatalogStore(server.ConnectionString, time);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<DbConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
