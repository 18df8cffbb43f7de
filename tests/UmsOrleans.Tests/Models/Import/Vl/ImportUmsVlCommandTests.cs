using System.CommandLine;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Gateway.Cli;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

public sealed class ImportUmsVlCommandTests(NarrowCtcCheckpoint fixture) : IClassFixture<NarrowCtcCheckpoint>, IDisposable
{
    private readonly string _parent = TestPaths.NewTempDirectory("import-vl-cli");

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] common = ["--pdparams", fixture.Checkpoint.PdparamsPath, "--heads", "12"];
        var exitCode = await ImportUmsCommand.Create().Parse([.. common, .. arguments])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (exitCode, output.ToString(), error.ToString());
    }

    private string ConfigFolder(string? tokenizerConfig)
    {
        var folder = Path.Combine(_parent, "config_ctc");
        Directory.CreateDirectory(folder);
        File.Copy(fixture.Checkpoint.VocabPath, Path.Combine(folder, "vocab.txt"));
        if (tokenizerConfig is not null) File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), tokenizerConfig);
        return folder;
    }

    [Fact]
    public async Task A_vl_checkpoint_without_a_vocabulary_is_invalid_input_naming_vocab()
    {
        var (exitCode, _, error) = await RunAsync("--out", Path.Combine(_parent, "model"));
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("--vocab", error);
        Assert.Contains("VistaBaseShare", error);
        Assert.Empty(Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public async Task The_summary_names_the_layout_vocabulary_lower_casing_and_unused_groups()
    {
        var output = Path.Combine(_parent, "model");
        var (exitCode, stdout, error) = await RunAsync("--vocab", fixture.Checkpoint.VocabPath, "--out", output, "--name", "ctc");
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Imported a VistaBaseShare (COCO-CTC) checkpoint: width 48, 12 heads", stdout);
        Assert.Contains("§10 items 2–3", stdout);
        Assert.Contains("Vocabulary: 30522 pieces", stdout);
        Assert.Contains("lower-case: yes (default: paddlenlp's BertTokenizer lower-cases", stdout);
        Assert.Contains("image_cls.backbone.scene_text_model.encoder.layers.{0..9} (unused): 160 arrays", stdout);
        Assert.Contains("text_model.pooler.* (never used): 2 arrays", stdout);
        Assert.Contains("writing text tower ", stdout); // plain progress lines when the output is not a terminal
        Assert.Equal("ctc", ModelManifestReader.Read(Path.Combine(output, "manifest.json")).Name);
    }

    [Fact]
    public async Task A_config_folder_gives_the_vocabulary_and_do_lower_case()
    {
        var config = ConfigFolder("""{ "do_lower_case": false, "unk_token": "[UNK]" }""");
        var output = Path.Combine(_parent, "model");
        var (exitCode, stdout, error) = await RunAsync("--config", config, "--out", output);
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("lower-case: no (do_lower_case in", stdout);
        var manifest = ModelManifestReader.Read(Path.Combine(output, "manifest.json"));
        Assert.False(manifest.Text!.LowerCase);
        Assert.False(manifest.Image!.SceneText!.LowerCase);
    }

    [Fact]
    public async Task An_explicit_lower_case_wins_over_the_config_folder()
    {
        var config = ConfigFolder("""{ "do_lower_case": false }""");
        var output = Path.Combine(_parent, "model");
        var (exitCode, stdout, error) = await RunAsync("--config", config, "--lower-case", "true", "--out", output);
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("lower-case: yes (--lower-case given)", stdout);
        Assert.True(ModelManifestReader.Read(Path.Combine(output, "manifest.json")).Text!.LowerCase);
    }

    [Fact]
    public async Task A_wrong_vocabulary_fails_and_leaves_no_output_folder()
    {
        var vocab = Path.Combine(_parent, "vocab.txt");
        NarrowVlCheckpoint.WriteVocabulary(vocab, 30000);
        var (exitCode, _, error) = await RunAsync("--vocab", vocab, "--out", Path.Combine(_parent, "model"));
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("30000 lines", error);
        Assert.Equal([vocab], Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public async Task Vocab_and_config_together_are_refused()
    {
        var config = ConfigFolder(null);
        var (exitCode, _, error) = await RunAsync("--vocab", fixture.Checkpoint.VocabPath, "--config", config, "--out", Path.Combine(_parent, "model"));
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("not both", error);
        Assert.Equal([config], Directory.GetFileSystemEntries(_parent));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
