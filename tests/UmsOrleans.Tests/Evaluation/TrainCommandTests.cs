using System.Text.Json;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary><c>train</c> and <c>eval --adapter</c> as a user types them: the Gateway program, an embedded silo, the default model.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("train-cli");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Isolated() =>
    [
        $"--Ums:Catalog:DataDirectory={Path.Combine(_root, "store")}",
        $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
        $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
    ];

    private Task<string> Gateway(params string[] arguments) =>
        ExternalProcess.RunAsync("dotnet", [ServiceProcess.DllPath("Gateway"), .. arguments, .. Isolated()], TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Train_writes_an_adapter_that_eval_measures_beside_the_raw_numbers()
    {
        var data = GrocerySubsets.Catalog(Path.Combine(_root, "catalog"), products: 5, trainPerProduct: 4, testPerProduct: 2);
        var adapterFile = Path.Combine(_root, "catalog.adapter");

        var trained = await Gateway("train", "--data", data, "--layout", "catalog", "--kind", "adapt", "--out", adapterFile, "--seed", "3");

        var adapter = AdapterCodec.Read(File.ReadAllBytes(adapterFile));
        var map = Assert.Single(adapter.Maps);
        Assert.Equal((AdapterKind.Adapt, "image", 512, "image.adapted", 4, 3), (adapter.Kind, map.SourceSpace, map.InputDimension, adapter.TargetSpace, adapter.TargetDimension, adapter.Seed));
        Assert.Equal((20, 5), (adapter.Training.Vectors, adapter.Training.Labels));
        Assert.Contains("vectors used: 20; labels: 5", trained);
        Assert.Contains("chosen regularisation:", trained);
        Assert.Contains("peak memory while training: managed", trained);
        Assert.Contains($"written: {adapterFile}", trained);

        var output = Path.Combine(_root, "out");
        var evaluated = await Gateway("eval", "catalog", "--data", data, "--adapter", adapterFile, "--out", output, "--shards", "2");

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var values = metrics.RootElement.GetProperty("metrics");
        Assert.InRange(values.GetProperty("i2product_recall@1").GetDouble(), 0, 1);
        Assert.InRange(values.GetProperty("adapted.i2product_recall@1").GetDouble(), 0, 1);
        Assert.False(values.TryGetProperty("adapted.t2title_recall@1", out _)); // the adapter maps photos only
        Assert.Contains("raw (%", evaluated); // the side-by-side table (its headers wrap on a narrow console)
        Assert.Contains("| metric | raw | adapted | gain |", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public async Task Bad_training_inputs_end_with_exit_code_2_and_say_what_is_wrong()
    {
        var sop = GrocerySubsets.SopTrain(Path.Combine(_root, "sop"), classes: 3, perClass: 2);
        var noSplit = GrocerySubsets.Sop(Path.Combine(_root, "test-only"), classes: 3, perClass: 3);
        var output = Path.Combine(_root, "a.adapter");

        async Task Refused(string expected, params string[] arguments)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Gateway(["train", .. arguments]));
            Assert.Contains("exited with 2", failure.Message);
            Assert.Contains(expected, failure.Message);
        }

        await Refused("has photos only: an alignment needs photo–text pairs", "--data", sop, "--layout", "sop", "--kind", "align", "--out", output);
        await Refused("Ebay_train.txt' does not exist", "--data", noSplit, "--layout", "sop", "--kind", "adapt", "--out", output);
        await Refused("an adapter needs at least 2 labels with 3 or more photos; found 0", "--data", sop, "--layout", "sop", "--kind", "adapt", "--out", output);
        await Refused("--out: the folder", "--data", sop, "--layout", "sop", "--kind", "adapt", "--out", Path.Combine(_root, "missing", "a.adapter"));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_adapter_of_another_dimension_is_refused_before_the_run()
    {
        var data = GrocerySubsets.Sop(Path.Combine(_root, "sop"), classes: 2, perClass: 3);
        var adapterFile = Path.Combine(_root, "narrow.adapter");
        File.WriteAllBytes(adapterFile, AdapterCodec.Write(new Adapter(AdapterKind.Adapt, "image.adapted", 2,
            [new LinearMap("image", 48, 2, new float[48], new float[96])], new AdapterTraining("lda", 0.1, 9, 3, 0), [], 0)));
        var output = Path.Combine(_root, "out");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Gateway("eval", "sop", "--data", data, "--adapter", adapterFile, "--out", output));

        Assert.Contains("exited with 2", failure.Message);
        Assert.Contains("reads 48-d 'image' vectors but model 'default' makes 512-d ones", failure.Message);
        Assert.False(Directory.Exists(output));
    }
}
