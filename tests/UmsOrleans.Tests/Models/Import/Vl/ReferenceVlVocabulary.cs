using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// A stand-in for the unpublished vocab.txt (§10.1) at the published size: the special tokens at the ids both standard
/// BERT vocabularies use ([PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103), whole words of the texts given,
/// letters and digits as word starts and ## continuations (so other words split instead of becoming [UNK]), and
/// [unusedN] filler to the exact size the checkpoint's word embedding expects.
/// </summary>
public static class ReferenceVlVocabulary
{
    public const int Ctc = 30522;
    public const int Product1M = 21128;

    // A few Chinese characters for the Product1M vocabulary (milk, juice, fruit, yoghurt): they become [UNK] for CTC.
    public const string Chinese = "牛奶果汁酸";

    public static string Write(string path, int size, IEnumerable<string> texts, bool chinese)
    {
        var pieces = new List<string> { "[PAD]" };
        pieces.AddRange(Enumerable.Range(0, 99).Select(i => $"[unused{i}]"));
        pieces.AddRange(["[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
        var known = new HashSet<string>(pieces);
        void Add(string piece)
        {
            if (known.Add(piece)) pieces.Add(piece);
        }
        foreach (var word in texts.SelectMany(t => BertBasicTokenizer.Split(t, lowerCase: true))) Add(word);
        foreach (var c in "abcdefghijklmnopqrstuvwxyz0123456789%-.,&'")
        {
            Add(c.ToString());
            Add("##" + c);
        }
        if (chinese)
        {
            foreach (var c in Chinese) Add(c.ToString());
        }
        for (var n = 99; pieces.Count < size; n++) Add($"[unused{n}]");
        File.WriteAllLines(path, pieces);
        return path;
    }
}
