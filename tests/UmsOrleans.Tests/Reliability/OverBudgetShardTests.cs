using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// A shard whose partition does not fit the memory budget answers the refusal from memory for a while instead of
/// reading its whole partition from the store on every call (before, its activation failed and every call, every
/// /healthz probe among them, made a new activation that read the partition again).
/// </summary>
public sealed class OverBudgetShardTests
{
    private const int Dim = 16;

    [Fact]
    public async Task A_shard_over_budget_reads_its_partition_once_per_retry_delay()
    {
        var dataDirectory = TestPaths.NewTempDirectory("over-budget");
        var probe = new ShardProbe();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (cluster, catalog) = await TestClusterFixture.StartAsync(1, dataDirectory, silo =>
        {
            ShardProbe.DecorateCatalogStore(silo.Services, probe);
            silo.Services.Configure<MemoryOptions>(o => o.BudgetBytes = VectorColumn.BytesPerBlock(Dim)); // one block
            silo.Services.AddSingleton<TimeProvider>(time);
        });
        try
        {
            var name = $"over-budget-{Guid.NewGuid():N}";
            var spec = (await catalog.CreateCollectionAsync(new CollectionSpec(name, 1, [new VectorSpace("v", Dim)]))).Existing;
            var store = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<ICatalogStore>();
            var random = new Random(3);
            await store.UpsertProductsAsync(spec, 0, [.. Enumerable.Range(0, VectorColumn.BlockRows + 10).Select(i => new ProductRecord(
                $"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, Dim))]))]);
            var shard = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(name, 0));

            for (var call = 0; call < 5; call++) await Assert.ThrowsAsync<Contracts.MemoryBudgetExceededException>(() => shard.GetStats());
            Assert.Equal(1, probe.ShardReads(name));

            time.Advance(TimeSpan.FromSeconds(31));
            await Assert.ThrowsAsync<Contracts.MemoryBudgetExceededException>(() => shard.GetStats());
            Assert.Equal(2, probe.ShardReads(name));
        }
        finally
        {
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
