using System.Collections.Immutable;
using System.Diagnostics;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Search;

/// <summary>Starting a 50k-row, 512-d HNSW graph from its saved file against rebuilding it (numbers for the README).</summary>
[Trait("Category", "Measurement")]
public sealed class HnswPersistenceMeasurement(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 50_000;
    private const int Dim = 512;

    private readonly string _directory = Directory.CreateTempSubdirectory("ums-hnsw-measure-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Starting_from_the_saved_graph_is_much_faster_than_a_rebuild()
    {
        var random = new Random(1);
        var products = Enumerable.Range(0, Rows).Select(i => new ProductRecord($"p{i:D6}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dim))])).ToList();

        var built = Load(products);
        var clock = Stopwatch.StartNew();
        built.BuildAnn();
        var build = clock.Elapsed;
        clock.Restart();
        built.SaveAnn(_directory);
        var save = clock.Elapsed;
        var bytes = Directory.GetFiles(_directory).Sum(f => new FileInfo(f).Length);

        var loaded = Load(products);
        clock.Restart();
        var start = Assert.Single(loaded.BuildAnn(_directory));
        var fromFile = clock.Elapsed;

        output.WriteLine($"{Rows:N0} × {Dim}: build {build.TotalSeconds:F1} s ({Rows / build.TotalSeconds:F0} rows/s), save {save.TotalSeconds:F2} s ({bytes / 1e6:F0} MB), "
            + $"start from file {fromFile.TotalSeconds:F2} s; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.True(start.FromSaved, start.Unused);
        Assert.True(fromFile < build / 5, $"from file {fromFile.TotalSeconds:F1} s is not well under the build's {build.TotalSeconds:F1} s");
    }

    private static ShardIndex Load(List<ProductRecord> products)
    {
        var index = new ShardIndex([new VectorSpace("image", Dim)], index: AnnIndexSpec.Hnsw());
        foreach (var product in products) index.Upsert(product);
        return index;
    }
}
