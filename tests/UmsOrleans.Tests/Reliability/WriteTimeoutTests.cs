using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>A cluster of its own, since this test kills a silo.</summary>
public sealed class WriteTimeoutTests
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Writes_in_flight_to_a_killed_silo_fail_per_item_after_the_shard_timeout_not_orleans_30_s()
    {
        var dataDirectory = TestPaths.NewTempDirectory("write-timeout");
        var probe = new ShardProbe();
        var (cluster, catalog) = await TestClusterFixture.StartAsync(3, dataDirectory, silo => ShardProbe.DecorateCatalogStore(silo.Services, probe));
        await using var _ = cluster;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var bounded = new ClusterCatalog(cluster.Client, time, Options.Create(new SearchOptions { ShardTimeout = ShardTimeout }), new ReplicaLoad(time), NullLogger<ClusterCatalog>.Instance);

        var spec = new CollectionSpec($"timeout-{Guid.NewGuid():N}", 12, [new VectorSpace("image", 8)]);
        await catalog.CreateCollectionAsync(spec);
        Assert.All(await catalog.UpsertAsync(spec, Products(0, 120)), w => Assert.True(w.Committed));
        var before = await catalog.GetShardStatsAsync(spec);
        var victim = cluster.Silos.Skip(1)
            .Select(silo => (Silo: silo, Shards: before.Where(s => s.Silo.Contains(silo.SiloAddress.ToString(), StringComparison.Ordinal)).Select(s => s.Shard).ToHashSet()))
            .OrderByDescending(v => v.Shards.Count)
            .First();
        Assert.True(victim.Shards.Count > 0, $"no shard on a non-primary silo: {string.Join(", ", before.Select(s => s.Silo))}");

        // Every shard's write parks before its store commit, so the victim's writes are in flight when it dies. The
        // live shards' products go through a client without the bound and are awaited before the clock moves, so
        // the timeout can only find the victim's writes still pending (their answers cannot race the clock).
        var products = Products(1000, 120);
        var onVictim = products.Where(p => victim.Shards.Contains(ShardRouter.ShardOf(p.Id, spec.Shards))).ToList();
        var gate = probe.HoldShardWrites(spec.Name);
        var writing = bounded.UpsertAsync(spec, onVictim);
        var writingLive = catalog.UpsertAsync(spec, [.. products.Except(onVictim)]);
        await Poll.UntilAsync(() => Task.FromResult(gate.Entered), n => n == spec.Shards, TimeSpan.FromSeconds(30), n => $"{n} shard writes parked");
        await cluster.KillSiloAsync(victim.Silo);
        gate.Open();
        var writtenLive = await writingLive.WaitAsync(TimeSpan.FromSeconds(30));

        // The shard timeout passes on the catalog's clock; the write must answer at once, not after Orleans's
        // 30 s response timeout. 10 s of real time is far below 30 s and far above a loaded machine's jitter.
        time.Advance(ShardTimeout);
        var written = (await writing.WaitAsync(TimeSpan.FromSeconds(10))).Concat(writtenLive).ToList();
        Assert.Equal(products.Count, written.Count);

        foreach (var result in written)
        {
            if (victim.Shards.Contains(ShardRouter.ShardOf(result.Id, spec.Shards)))
            {
                Assert.False(result.Committed);
                Assert.Contains("did not answer", result.Error);
                Assert.Contains("Ums:Search:ShardTimeout", result.Error);
            }
            else
            {
                Assert.True(result.Committed, result.Error);
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static List<ProductRecord> Products(int start, int count)
    {
        var random = new Random(start);
        return [.. Enumerable.Range(start, count).Select(i => new ProductRecord($"item-{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, 8))]))];
    }
}
