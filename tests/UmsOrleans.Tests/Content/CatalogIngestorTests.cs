using SixLabors.ImageSharp;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Encoders;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

/// <summary>The ingest logic with the real default model and a real SQLite catalog, no cluster.</summary>
public sealed class CatalogIngestorTests(DefaultModelFixture model) : IClassFixture<DefaultModelFixture>, IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("ingestor");

    private ProductBuilder Builder => new(new LocalContentEncoder(model.Model), new Thumbnailer(new EncodingOptions().ImageLimits));

    [Fact]
    public async Task Bad_lines_are_reported_the_rest_is_ingested_and_a_second_run_skips_what_is_unchanged()
    {
        var photos = GroceryLines.TrainIds(["Banana", "Carrots", "Lemon"], 1);
        var lines = new List<string>
        {
            GroceryLines.Line(photos[0]),
            "{\"id\": \"broken\", ",                                                            // line 2: bad JSON
            GroceryLines.Line(photos[1]),
            """{"id": "no-file", "image": "images/none/missing.jpg", "title": "Missing"}""",   // line 4: no such file
            "",
            GroceryLines.Line("iconic_Oatly-Oat-Milk_Iconic"),
            """{"id": "not-an-image", "image": "README.md", "title": "Text file"}""",           // line 7: not an image
            GroceryLines.Line(photos[2]),
        };
        var catalog = Path.Combine(_directory, "catalog.jsonl");
        await File.WriteAllLinesAsync(catalog, lines);
        var (store, spec) = await StoreAsync();
        var settings = new IngestSettings(TestPaths.GroceryDataset, BatchSize: 3);
        var reports = new List<IngestProgress>();

        var first = await new CatalogIngestor(new ProductWriter(Builder), new StoreIngestTarget(store, spec), TimeProvider.System)
            .RunAsync(catalog, settings, new SynchronousProgress(reports));

        Assert.Equal(4, first.Ingested);
        Assert.Equal(0, first.SkippedUnchanged);
        Assert.Equal(3, first.Failed);
        Assert.Equal(new[] { 2, 4, 7 }, first.Failures.Select(f => f.LineNumber));
        Assert.Contains("JSON", first.Failures[0].Reason);
        Assert.Contains("images/none/missing.jpg", first.Failures[1].Reason);
        Assert.StartsWith("line 7.image:", first.Failures[2].Reason);
        Assert.Equal(new IngestProgress(7, 7, 4, 0, 3), reports[^1]);

        var oatly = (await store.GetProductAsync(spec.Name, "iconic_Oatly-Oat-Milk_Iconic"))!;
        Assert.Equal("Oatly Oat Milk", oatly.Title);
        Assert.Equal(512, oatly.FindVector("image")!.Dimension);
        Assert.Equal(384, oatly.FindVector("text")!.Dimension);
        Assert.Equal(GroceryLines.Field("iconic_Oatly-Oat-Milk_Iconic", "description"), oatly.Description);
        Assert.Equal(AttributeValue.Of("iconic"), oatly.Attributes["split"]);
        using (var thumbnail = Image.Load(await store.GetThumbnailAsync(spec.Name, oatly.Id)))
        {
            Assert.Equal(Thumbnailer.MaxSide, Math.Max(thumbnail.Width, thumbnail.Height));
        }

        var second = await new CatalogIngestor(new ProductWriter(Builder), new StoreIngestTarget(store, spec), TimeProvider.System).RunAsync(catalog, settings);
        Assert.Equal((0, 4, 3), (second.Ingested, second.SkippedUnchanged, second.Failed));

        lines[0] = lines[0].Replace("\"title\": \"Banana\"", "\"title\": \"Ripe Banana\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(catalog, lines);
        var third = await new CatalogIngestor(new ProductWriter(Builder), new StoreIngestTarget(store, spec), TimeProvider.System).RunAsync(catalog, settings);
        Assert.Equal((1, 3, 3), (third.Ingested, third.SkippedUnchanged, third.Failed));
        Assert.Equal("Ripe Banana", (await store.GetProductAsync(spec.Name, photos[0]))!.Title);
    }

    [Fact]
    public async Task Explicit_vectors_win_for_their_space_and_the_photo_fills_the_other()
    {
        var (_, spec) = await StoreAsync();
        var explicitText = SpaceVector.FromFloats("text", Enumerable.Range(0, 384).Select(i => i == 5 ? 1f : 0f).ToArray());
        var photo = await File.ReadAllBytesAsync(GroceryLines.ImagePath("train_Avocado_001"));
        var built = await Builder.BuildAsync(spec, [
            new ProductDraft("a", "Avocado", "Avocado", null, [], [explicitText], [new DraftPhoto(photo)]),
            new ProductDraft("b", "Broken", null, null, [], [], [new DraftPhoto([1, 2, 3, 4])], "products[1]"),
        ]);

        var product = built[0].Product!;
        Assert.Equal(explicitText.Data, product.FindVector("text")!.Data);
        Assert.Equal(1f, MathF.Sqrt(product.FindVector("image")!.Values.ToArray().Sum(v => v * v)), 3);
        Assert.Single(product.Thumbnails);
        Assert.Null(built[1].Product);
        Assert.Equal("products[1].image", built[1].Error!.Field);
    }

    private async Task<(ICatalogStore Store, CollectionSpec Spec)> StoreAsync()
    {
        var store = new SqliteCatalogStore(Path.Combine(_directory, "catalog.db"));
        await store.InitializeAsync();
        var spec = new CollectionSpec($"c-{Guid.NewGuid():N}", 2, [new VectorSpace("image", 512), new VectorSpace("text", 384)], "default");
        return (store, (await store.CreateCollectionAsync(spec)).Stored);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Progress reported on the caller's thread (Progress&lt;T&gt; would post to the pool and race the assertions).</summary>
    private sealed class SynchronousProgress(List<IngestProgress> reports) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
