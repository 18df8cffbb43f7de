using System.Text;
using System.Text.Json;

namespace UmsOrleans.Bench.Keyword;

/// <summary>
/// Product titles with a realistic word distribution: a brand-like token, 2–6 words drawn Zipf-like (s = 1) from a
/// vocabulary whose head is the grocery catalog's title and category words and whose tail is 50,000 made-up words,
/// sometimes a size ("500g") and sometimes a run of Chinese characters (bigrammed by the analyzer).
/// </summary>
internal sealed class SyntheticTitles
{
    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ra", "tu", "vo", "xi", "be", "do", "fa", "gu", "ha", "je", "li", "mo", "nu", "pa",
        "qui", "ro", "sa", "te", "ul", "ve", "wy", "zo", "an", "el", "in", "or", "st", "tr", "gr", "pl", "cr", "sh",
    ];

    private const string Han = "手机壳苹果华为小米保护套钢化膜充电器数据线耳机蓝牙无线运动跑步鞋男女款夏季新品纯棉短袖连衣裙儿童玩具积木零食饼干牛奶咖啡茶叶大米食用油洗发水沐浴露面霜口红香水包包背包";

    private readonly Random _random;
    private readonly string[] _vocabulary;
    private readonly string[] _brands;
    private readonly double[] _vocabularyCdf;
    private readonly double[] _brandCdf;

    public SyntheticTitles(string catalogPath, int seed)
    {
        _random = new Random(seed);
        var head = CatalogWords(catalogPath);
        _vocabulary = [.. head, .. Enumerable.Range(0, 50_000).Select(_ => MadeUpWord(2, 4))];
        _brands = Enumerable.Range(0, 20_000).Select(_ => Capitalised(MadeUpWord(2, 3))).ToArray();
        _vocabularyCdf = ZipfCdf(_vocabulary.Length);
        _brandCdf = ZipfCdf(_brands.Length);
    }

    public int VocabularySize => _vocabulary.Length;

    public string NextTitle()
    {
        var title = new StringBuilder(_brands[Draw(_brandCdf)]);
        for (var words = _random.Next(2, 7); words > 0; words--) title.Append(' ').Append(_vocabulary[Draw(_vocabularyCdf)]);
        if (_random.Next(10) < 3) title.Append(' ').Append(_random.Next(1, 20) * 50).Append(_random.Next(2) == 0 ? "g" : "ml");
        if (_random.Next(10) < 3)
        {
            title.Append(' ');
            for (var c = _random.Next(2, 7); c > 0; c--) title.Append(Han[_random.Next(Han.Length)]);
        }
        return title.ToString();
    }

    /// <summary>A query of 2–3 words from the same distribution as titles (a brand a third of the time).</summary>
    public string NextQuery()
    {
        var words = new List<string>();
        if (_random.Next(3) == 0) words.Add(_brands[Draw(_brandCdf)]);
        while (words.Count < _random.Next(2, 4)) words.Add(_vocabulary[Draw(_vocabularyCdf)]);
        return string.Join(' ', words);
    }

    private int Draw(double[] cdf)
    {
        var index = Array.BinarySearch(cdf, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cdf.Length - 1);
    }

    private static double[] ZipfCdf(int count)
    {
        var cdf = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++) cdf[i] = sum += 1.0 / (i + 1);
        for (var i = 0; i < count; i++) cdf[i] /= sum;
        return cdf;
    }

    private string MadeUpWord(int minSyllables, int maxSyllables) =>
        string.Concat(Enumerable.Range(0, _random.Next(minSyllables, maxSyllables + 1)).Select(_ => Syllables[_random.Next(Syllables.Length)]));

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>The catalog's title and category words, most frequent first.</summary>
    private static string[] CatalogWords(string path)
    {
        if (!File.Exists(path)) return ["milk", "juice", "apple", "organic", "yoghurt", "red", "orange"];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            using var json = JsonDocument.Parse(line);
            var text = $"{json.RootElement.GetProperty("title").GetString()} {json.RootElement.GetProperty("category").GetString()}";
            foreach (var word in text.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).ToArray();
    }
}
