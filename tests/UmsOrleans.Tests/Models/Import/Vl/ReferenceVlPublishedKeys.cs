using System.Text.RegularExpressions;
using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>The published key table of a VL checkpoint (§6, keys_*.tsv), optionally narrowed as the generator narrows it.</summary>
public static partial class ReferenceVlPublishedKeys
{
    public static IReadOnlyDictionary<string, int[]> Read(ReferenceVlModel model, int? width) =>
        File.ReadLines(model.KeysPath).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => Digits().Matches(f[1]).Select(m => Narrow(int.Parse(m.Value), width)).ToArray());

    /// <summary>The checkpoint's arrays are exactly the published keys at the published (or narrowed) shapes.</summary>
    public static void AssertExactly(PdparamsCheckpoint checkpoint, ReferenceVlModel model, int? width)
    {
        var published = Read(model, width);
        Assert.Equal(published.Keys.Order(StringComparer.Ordinal), checkpoint.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.All(published, key => Assert.Equal(key.Value, checkpoint.Tensors[key.Key].Shape));
        Assert.All(checkpoint.Tensors.Values, t => Assert.Equal(t.Shape.Aggregate(1, (a, b) => a * b), t.Values.Length));
        Assert.Equal(["StructuredToParameterName@@"], checkpoint.SkippedEntries.Keys);
    }

    private static int Narrow(int size, int? width) => width is not { } w ? size : size switch
    {
        768 => w,
        2304 => 3 * w,
        3072 => 4 * w,
        _ => size,
    };

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
