namespace UmsOrleans.Bench;

/// <summary>`--name value` pairs, with typed defaults.</summary>
public sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --name value, got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        return new Args(values);
    }

    public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;

    public long Long(string name, long fallback) => values.TryGetValue(name, out var v) ? long.Parse(v) : fallback;

    /// <summary>An HNSW index from <c>--m</c>, <c>--ef-construction</c>, <c>--ef</c> and <c>--precision</c> (i8, bf16, f16), defaults for those not given.</summary>
    public Engine.Catalog.AnnIndexSpec Hnsw() => Engine.Catalog.AnnIndexSpec.Hnsw(
        Int("m", Engine.Catalog.AnnIndexSpec.DefaultM),
        Int("ef-construction", Engine.Catalog.AnnIndexSpec.DefaultEfConstruction),
        Int("ef", Engine.Catalog.AnnIndexSpec.DefaultEf),
        Engine.Catalog.AnnPrecisionNames.TryParse(String("precision", Engine.Catalog.AnnPrecisionNames.Name(Engine.Catalog.AnnIndexSpec.DefaultPrecision)), out var precision)
            ? precision
            : throw new ArgumentException($"--precision must be i8, bf16 or f16, got '{String("precision", "")}'."));

    public int[] Ints(string name, int[] fallback) =>
        values.TryGetValue(name, out var v) ? v.Split(',').Select(int.Parse).ToArray() : fallback;
}
