using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>The reshard verb, end to end through the program (an embedded silo over a SQLite catalog), with its exit codes.</summary>
public sealed class ReshardCliTests
{
    [Fact]
    public async Task The_verb_moves_a_collection_to_the_shard_count_asked_for_and_refuses_bad_input()
    {
        var root = TestPaths.NewTempDirectory("reshard-cli");
        try
        {
            var store = new SqliteCatalogStore(Path.Combine(root, "catalog.db"));
            await store.InitializeAsync();
            var (spec, _) = await store.CreateCollectionAsync(new CollectionSpec("cli", 2, [new VectorSpace("v", 4)]));
            var random = new Random(5);
            var products = Enumerable.Range(0, 60).Select(i => new ProductRecord($"p{i}", null, null, [], [SpaceVector.FromFloats("v", RandomVectors.Unit(random, 4))])).ToList();
            foreach (var shard in products.GroupBy(p => ShardRouter.ShardOf(p.Id, 2))) await store.UpsertProductsAsync(spec, shard.Key, [.. shard]);
            string[] settings = [$"--Ums:Catalog:DataDirectory={root}", $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}", $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}", "--Ums:Shard:ReshardDropDelay=00:00:01"];

            var badCount = await GatewayProgram.RunAsync(["reshard", "--collection", "cli", "--shards", "0", .. settings], TimeSpan.FromSeconds(60));
            Assert.True(badCount.ExitCode == 2, badCount.Output);
            var missing = await GatewayProgram.RunAsync(["reshard", "--collection", "nope", "--shards", "3", .. settings], TimeSpan.FromSeconds(120));
            Assert.True(missing.ExitCode == 2, missing.Output);

            var resharded = await GatewayProgram.RunAsync(["reshard", "--collection", "cli", "--shards", "5", .. settings], TimeSpan.FromSeconds(180));
            Assert.True(resharded.ExitCode == 0, resharded.Output);
            Assert.Contains("shards: 5", resharded.Output);
            var stored = (await store.GetCollectionAsync("cli"))!;
            Assert.Equal((5, 1, (int?)null), (stored.Shards, stored.RoutingVersion, stored.ReshardTo));
            var found = new List<string>();
            for (var shard = 0; shard < 5; shard++)
            {
                await foreach (var product in store.ReadShardAsync("cli", shard, stored.RoutingVersion))
                {
                    Assert.Equal(ShardRouter.ShardOf(product.Id, 5), shard);
                    found.Add(product.Id);
                }
            }
            Assert.Equal(products.Select(p => p.Id).Order(), found.Order());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
