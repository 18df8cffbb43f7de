using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// A random-weight vision-language checkpoint with every published key, narrowed to <see cref="Width"/> by
/// <c>make_vl_pdparams.py</c> (768 → 48, 2304 → 144, 3072 → 192; vocabularies, 512 positions and 512 projections kept),
/// and a vocabulary file with as many lines as the checkpoint's word embeddings have rows.
/// </summary>
public sealed class NarrowVlCheckpoint : IDisposable
{
    public const int Width = 48;
    public const int Heads = 12;
    public const int CtcVocabulary = 30522;
    public const int Product1MVocabulary = 21128;

    /// <summary>The generator, relative to the repository root.</summary>
    public const string Script = "tests/UmsOrleans.Tests/Models/Import/Vl/make_vl_pdparams.py";

    private NarrowVlCheckpoint(string directory, string pdparams, string vocab)
    {
        Directory = directory;
        PdparamsPath = pdparams;
        VocabPath = vocab;
    }

    public string Directory { get; }
    public string PdparamsPath { get; }
    public string VocabPath { get; }

    /// <summary>Runs the generator on a published key table (<see cref="PublishedKeyTables"/>) with extra arguments (--omit, --add, --reshape).</summary>
    public static NarrowVlCheckpoint Generate(string table, params string[] extraArguments)
    {
        var directory = TestPaths.NewTempDirectory("vl-pdparams");
        var pdparams = Path.Combine(directory, "narrow.pdparams");
        PythonScript.Run(Script, new[] { pdparams, "--keys", PublishedKeyTables.PathOf(table), "--width", $"{Width}" }.Concat(extraArguments));
        var vocab = Path.Combine(directory, "vocab.txt");
        WriteVocabulary(vocab, table == PublishedKeyTables.Product1M ? Product1MVocabulary : CtcVocabulary);
        return new NarrowVlCheckpoint(directory, pdparams, vocab);
    }

    /// <summary>A vocabulary of <paramref name="pieces"/> lines, with BERT's special tokens at their usual ids.</summary>
    public static void WriteVocabulary(string path, int pieces)
    {
        var special = new Dictionary<int, string> { [0] = "[PAD]", [100] = "[UNK]", [101] = "[CLS]", [102] = "[SEP]", [103] = "[MASK]" };
        File.WriteAllLines(path, Enumerable.Range(0, pieces).Select(i => special.GetValueOrDefault(i, $"piece{i}")));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
