using UmsOrleans.Engine.Catalog;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>The snapshot and restore verbs, end to end through the program, with their exit codes.</summary>
public sealed class SnapshotCliTests
{
    [Fact]
    public async Task A_snapshot_taken_by_the_verb_is_restored_by_the_verb_into_another_data_directory()
    {
        var root = TestPaths.NewTempDirectory("snapshot-cli");
        try
        {
            var source = new SqliteCatalogStore(Path.Combine(root, "first", "catalog.db"));
            await source.InitializeAsync();
            var (spec, _) = await source.CreateCollectionAsync(new CollectionSpec("cli", 2, [new VectorSpace("v", 4)]));
            var random = new Random(5);
            await source.UpsertProductsAsync(spec, 0, [.. Enumerable.Range(0, 40).Select(i => new ProductRecord($"p{i}", $"P {i}", null, [], [SpaceVector.FromFloats("v", RandomVectors.Unit(random, 4))]))]);

            var missing = await GatewayProgram.RunAsync(["snapshot", "--collection", "nope", $"--Ums:Catalog:DataDirectory={Path.Combine(root, "first")}"], TimeSpan.FromSeconds(60));
            Assert.Equal(2, missing.ExitCode);

            var snapshots = Path.Combine(root, "out");
            var taken = await GatewayProgram.RunAsync(["snapshot", "--collection", "cli", "--out", snapshots, $"--Ums:Catalog:DataDirectory={Path.Combine(root, "first")}"], TimeSpan.FromSeconds(60));
            Assert.True(taken.ExitCode == 0, taken.Output);
            var folder = Assert.Single(Directory.GetDirectories(snapshots));

            string[] restore = ["restore", "--collection", "copy", "--snapshot", folder, $"--Ums:Catalog:DataDirectory={Path.Combine(root, "second")}",
                $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}", $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}"];
            var restored = await GatewayProgram.RunAsync(restore, TimeSpan.FromSeconds(120));
            Assert.True(restored.ExitCode == 0, restored.Output);
            var target = new SqliteCatalogStore(Path.Combine(root, "second", "catalog.db"));
            Assert.NotNull(await target.GetCollectionAsync("copy"));
            Assert.Equal((await source.GetProductAsync("cli", "p7"))!.Vectors[0].Data, (await target.GetProductAsync("copy", "p7"))!.Vectors[0].Data);

            var again = await GatewayProgram.RunAsync(restore, TimeSpan.FromSeconds(120));
            Assert.True(again.ExitCode == 2, again.Output);
            Assert.Contains("exists", again.Output);

            var notASnapshot = await GatewayProgram.RunAsync(["restore", "--collection", "x", "--snapshot", root], TimeSpan.FromSeconds(60));
            Assert.Equal(2, notASnapshot.ExitCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
