using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Ocr;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// Vision-language checkpoints (random weights, every published key, narrowed) taken the whole way a user takes them:
/// the Gateway program imports them and evaluates them on CTC and Product1M datasets built from grocery photos with
/// OCR files, and serves a collection of the CTC model: photos read at ingest, their lines kept and fed to the image
/// tower, a query photo read the same way.
/// </summary>
public sealed class ImportedVlModelEndToEndTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("vl-e2e");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Isolated(string dataDirectory) =>
    [
        $"--Ums:Catalog:DataDirectory={dataDirectory}",
        $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
        $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
    ];

    private async Task<string> ImportAsync(string models, string table = PublishedKeyTables.Ctc)
    {
        using var checkpoint = NarrowVlCheckpoint.Generate(table);
        var vocab = Path.Combine(_root, "vocab.txt");
        WriteVocabulary(vocab, table == PublishedKeyTables.Ctc ? NarrowVlCheckpoint.CtcVocabulary : NarrowVlCheckpoint.Product1MVocabulary);
        Directory.CreateDirectory(models);
        var folder = Path.Combine(models, table == PublishedKeyTables.Ctc ? "ums-ctc" : "ums-p1m");
        var printed = await ExternalProcess.RunAsync("dotnet",
            [ServiceProcess.DllPath("Gateway"), "import-ums", "--pdparams", checkpoint.PdparamsPath, "--vocab", vocab, "--out", folder],
            TimeSpan.FromMinutes(3));
        Assert.Contains(table == PublishedKeyTables.Ctc ? "VistaBaseShare" : "VistaBase ", printed);
        return folder;
    }

    [Fact]
    public async Task An_imported_ctc_model_is_evaluated_with_the_datasets_ocr_files()
    {
        var model = await ImportAsync(Path.Combine(_root, "models"));
        var data = WriteCtcDataset(Path.Combine(_root, "ctc"));
        var output = Path.Combine(_root, "out");

        var printed = await ExternalProcess.RunAsync("dotnet",
            [ServiceProcess.DllPath("Gateway"), "eval", "ctc", "--data", data, "--model", Path.Combine(model, "manifest.json"), "--out", output,
             "--shards", "2", .. Isolated(Path.Combine(_root, "catalog"))],
            TimeSpan.FromMinutes(5));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var counts = metrics.RootElement.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("ocr.images.images_with_text").GetInt32());
        Assert.Equal(1, counts.GetProperty("ocr.images.images_without_file").GetInt32());
        Assert.Equal(1, counts.GetProperty("ocr.images.images_with_empty_file").GetInt32());
        Assert.Equal(4, counts.GetProperty("t2i.gallery").GetInt32());
        Assert.Equal(8, counts.GetProperty("t2i.queries").GetInt32());
        Assert.InRange(metrics.RootElement.GetProperty("metrics").GetProperty("t2i_r@1").GetDouble(), 0, 1);
        Assert.Contains("files (images: ctc_ocr/ (3 files))", File.ReadAllText(Path.Combine(output, "report.md")));
        Assert.Contains("t2i", printed);
    }

    [NpmFact]
    public async Task A_collection_of_an_imported_ctc_model_reads_keeps_and_feeds_the_text_in_photos()
    {
        var models = Path.Combine(_root, "models");
        await ImportAsync(models);
        await using var gateway = await EmbeddedGateway.StartAsync(Path.Combine(_root, "gateway"),
            $"--Ums:Encoding:ModelsDirectory={models}", "--Ums:Encoding:Device=cpu");
        var client = gateway.Client;

        using (var created = await client.PutAsync("/collections/shelf", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "ums-ctc"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            Assert.True(body.RootElement.GetProperty("sceneText").GetBoolean()); // the model reads scene text, so the collection keeps it
            Assert.True(body.RootElement.GetProperty("alignedTextSearchesImage").GetBoolean());
        }
        var milk = RenderedText.All.Single(r => r.Name == "milk");
        var juice = RenderedText.All.Single(r => r.Name == "juice");
        using (var upsert = await client.PostAsync("/collections/shelf/products", EmbeddedGatewayFixture.Json($$"""
            {"products": [{"id": "carton", "title": "organic whole milk", "image": "{{Convert.ToBase64String(milk.Png)}}"},
                          {"id": "bottle", "title": "orange juice", "image": "{{Convert.ToBase64String(juice.Png)}}"}]}
            """)))
        {
            Assert.True(upsert.StatusCode == HttpStatusCode.OK, await upsert.Content.ReadAsStringAsync());
        }

        using var product = JsonDocument.Parse(await client.GetStringAsync("/collections/shelf/products/carton"));
        var lines = string.Join(' ', product.RootElement.GetProperty("sceneText").EnumerateArray().SelectMany(p => p.EnumerateArray()).Select(l => l.GetString())).ToLowerInvariant();
        Assert.Contains("organic", lines);

        // The query photo is read by the encoder as the ingest read it: the same photo finds itself at cosine 1.
        using var search = await client.PostAsync("/collections/shelf/search", EmbeddedGatewayFixture.Json($$"""{"image": "{{Convert.ToBase64String(milk.Png)}}", "k": 2}"""));
        var text = await search.Content.ReadAsStringAsync();
        Assert.True(search.StatusCode == HttpStatusCode.OK, text);
        using var answer = JsonDocument.Parse(text);
        var top = answer.RootElement.GetProperty("hits")[0];
        Assert.Equal("carton", top.GetProperty("id").GetString());
        Assert.True(top.GetProperty("score").GetDouble() > 0.9999, text);

        using var byText = await client.PostAsync("/collections/shelf/search", EmbeddedGatewayFixture.Json("""{"text": "orange juice", "k": 2}"""));
        Assert.Equal(HttpStatusCode.OK, byText.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await byText.Content.ReadAsStringAsync()).RootElement.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task An_imported_product1m_model_is_evaluated_on_image_and_title_with_the_datasets_ocr_files()
    {
        var model = await ImportAsync(Path.Combine(_root, "models"), PublishedKeyTables.Product1M);
        var data = WriteProduct1MDataset(Path.Combine(_root, "p1m"));
        var output = Path.Combine(_root, "out");

        await ExternalProcess.RunAsync("dotnet",
            [ServiceProcess.DllPath("Gateway"), "eval", "product1m", "--data", data, "--model", Path.Combine(model, "manifest.json"), "--out", output,
             "--shards", "2", .. Isolated(Path.Combine(_root, "catalog"))],
            TimeSpan.FromMinutes(5));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var counts = metrics.RootElement.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("ocr.gallery.images_with_text").GetInt32());
        Assert.Equal(1, counts.GetProperty("ocr.query.images_with_text").GetInt32());
        Assert.Equal(2, counts.GetProperty("product1m.queries").GetInt32());
        Assert.InRange(metrics.RootElement.GetProperty("metrics").GetProperty("map@10").GetDouble(), 0, 1); // random weights: wiring, not quality
        Assert.Contains("files (", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    /// <summary>Four grocery photos (two captions each), OCR files for three of them (one empty), none for the fourth.</summary>
    private static string WriteCtcDataset(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "ctc_ocr"));
        var products = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(p => p.GetProperty("split").GetString() == "test")
            .DistinctBy(p => p.GetProperty("title").GetString())
            .Take(4).ToList();
        var list = new List<string>();
        for (var i = 0; i < products.Count; i++)
        {
            var title = products[i].GetProperty("title").GetString()!;
            File.Copy(Path.Combine(TestPaths.GroceryDataset, products[i].GetProperty("image").GetString()!), Path.Combine(root, "images", $"img{i}.jpg"));
            list.Add($"{i}\t{i}a\t{title}\timages/img{i}.jpg");
            list.Add($"{i}\t{i}b\ta photo of {title.ToLowerInvariant()}\timages/img{i}.jpg");
            if (i < 2) File.WriteAllText(Path.Combine(root, "ctc_ocr", $"ocr_img{i}.txt"), $"10,12,180,12,180,40,10,40,{title.Split(' ')[0]}\n20,50,90,50,90,70,20,70,fresh\n");
            if (i == 2) File.WriteAllText(Path.Combine(root, "ctc_ocr", $"ocr_img{i}.txt"), "");
        }
        File.WriteAllLines(Path.Combine(root, "CTC_1K_list_ocr_release.txt"), list);
        return root;
    }

    /// <summary>Product1M lists of two grocery classes (<see cref="GrocerySubsets.Product1M"/>), OCR files for one photo of each set.</summary>
    private static string WriteProduct1MDataset(string root)
    {
        GrocerySubsets.Product1M(root);
        var ocr = Path.Combine(root, "ocr_results_filter_chinese_overlap");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(ocr, "product1m_gallery_ossurl_v2")).FullName, "x_g0.txt"), "12,34,50,20,可乐\n");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(ocr, "product1m_test_ossurl_v2")).FullName, "x_q0.txt"), "1,2,30,40,牛奶\n");
        return root;
    }

    /// <summary>BERT's special tokens at their ids, the words of the grocery titles and the rendered labels, a few CJK characters, filler to <paramref name="size"/>.</summary>
    private static void WriteVocabulary(string path, int size)
    {
        var words = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
            .SelectMany(line => JsonDocument.Parse(line).RootElement.GetProperty("title").GetString()!.ToLowerInvariant().Split(' ', '-'))
            .Concat(RenderedText.All.SelectMany(r => r.Words).Select(w => w.ToLowerInvariant()))
            .Concat(["a", "photo", "of", "fresh", "organic", "whole", "milk", "orange", "juice"])
            .Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var lines = new List<string>(size) { "[PAD]" };
        while (lines.Count < 100) lines.Add($"[unused{lines.Count}]");
        lines.AddRange(["[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
        lines.AddRange(words);
        lines.AddRange(["可", "乐", "牛", "奶"]);
        while (lines.Count < size) lines.Add($"[unused{lines.Count}]");
        File.WriteAllLines(path, lines);
    }
}
