using System.Text;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Tests.Encoders;

/// <summary>A vocabulary small enough to compute ids by hand: a token's id is its index here.</summary>
internal static class SmallVocabulary
{
    public static readonly string[] Tokens =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "牛", "奶", "酸", "伊", "利",
        "蒙", "##ml", "m", "##m", "250", "2", "，", "cafe", "café", "Café",
        "creme", "brul", "##ee", "+", "$", "€", "fresh", "milk", "mil", "##k",
        "yo", "##gh", "##urt", "_", "##牛",
    ];

    public static Stream Open() => new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', Tokens) + "\n"));

    public static BertTextTokenizer Tokenizer(bool lowerCase = true, int maxLength = 40)
    {
        using var stream = Open();
        return new BertTextTokenizer(stream, lowerCase, maxLength);
    }
}
