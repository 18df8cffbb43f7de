using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Tests.Encoders;

/// <summary>Token ids of MiniLM's vocabulary on known strings; expected ids are read from vocab.txt lines.</summary>
public sealed class BertTextTokenizerTests
{
    private static readonly ModelFile VocabularyFile = ModelFile.Resolve(DefaultModelFiles.Manifest, DefaultModelFiles.Manifest.Text!.Vocab);
    private static readonly Dictionary<string, int> Vocabulary = ReadVocabulary();

    private static BertTextTokenizer Create(int maxLength = 40)
    {
        using var stream = VocabularyFile.OpenRead();
        return new BertTextTokenizer(stream, lowerCase: true, maxLength);
    }

    [Fact]
    public void Words_are_lower_cased_split_on_punctuation_and_wrapped_in_cls_and_sep()
    {
        Assert.Equal(Ids("[CLS]", "fresh", "milk", ",", "apple", "-", "juice", "!", "[SEP]"), Create().Encode("Fresh MILK, apple-juice!"));
    }

    [Fact]
    public void Accents_are_stripped_for_an_uncased_vocabulary()
    {
        Assert.Equal(Ids("[CLS]", "cafe", "banana", "[SEP]"), Create().Encode("Café Bananá"));
    }

    [Theory]
    [InlineData("oat")]
    [InlineData("oatly")]
    [InlineData("yoghurt")]
    [InlineData("oatghurt")]
    public void A_word_missing_from_the_vocabulary_becomes_its_longest_matching_pieces(string word)
    {
        Assert.DoesNotContain(word, Vocabulary.Keys);
        var expected = new[] { "[CLS]" }.Concat(GreedyPieces(word)).Append("[SEP]").ToArray();
        Assert.True(expected.Length > 3);
        Assert.Equal(Ids(expected), Create().Encode(word));
    }

    [Fact]
    public void Long_texts_keep_their_first_pieces_within_the_maximum_length()
    {
        var ids = Create(maxLength: 6).Encode("one two three four five six seven");
        Assert.Equal(Ids("[CLS]", "one", "two", "three", "four", "[SEP]"), ids);
    }

    [Fact]
    public void A_batch_is_padded_to_its_longest_text_with_a_mask()
    {
        var batch = Create().EncodeBatch(["milk", "soy milk drink"]);
        Assert.Equal(5, batch.Length);
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 1, 1, 1, 1, 1 }, batch.AttentionMask);
        Assert.Equal(Vocabulary["[PAD]"], batch.Ids[3]);
        Assert.All(batch.TokenTypes, t => Assert.Equal(0, t));
    }

    /// <summary>WordPiece as its paper describes it: longest prefix in the vocabulary, then "##" continuations.</summary>
    private static IEnumerable<string> GreedyPieces(string word)
    {
        for (var start = 0; start < word.Length;)
        {
            var end = word.Length;
            while (end > start && !Vocabulary.ContainsKey((start > 0 ? "##" : "") + word[start..end])) end--;
            Assert.True(end > start, $"no piece of '{word}' at {start}");
            yield return (start > 0 ? "##" : "") + word[start..end];
            start = end;
        }
    }

    private static int[] Ids(params string[] tokens) => tokens.Select(t => Vocabulary[t]).ToArray();

    private static Dictionary<string, int> ReadVocabulary()
    {
        using var reader = new StreamReader(VocabularyFile.OpenRead());
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var line = 0;
        while (reader.ReadLine() is { } token) vocabulary.TryAdd(token, line++);
        return vocabulary;
    }
}
