using System.Text.RegularExpressions;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>The published key lists with shapes (<c>../shared/docs/ums-keys/*.tsv</c>: <c>name TAB [d, d]</c>).</summary>
public static partial class PublishedKeyTables
{
    public const string Product1M = "keys_p1m_vistabase.tsv";
    public const string Ctc = "keys_ctc_vistabaseshare.tsv";
    public const string Deit = "keys_drl_deit.tsv";

    public static string PathOf(string table) => Path.Combine(TestPaths.SharedDirectory, "docs", "ums-keys", table);

    /// <summary>Each key with its shape, written as the importer writes shapes ("[768, 3, 16, 16]").</summary>
    public static IReadOnlyDictionary<string, string> Read(string table) =>
        File.ReadLines(PathOf(table))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToDictionary(parts => parts[0], parts => "[" + string.Join(", ", Digits().Matches(parts[1]).Select(m => m.Value)) + "]");

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
