namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>Dense integer codes for label strings (ordinal comparison), so metrics compare ints, not strings.</summary>
public sealed class LabelCodes
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);

    public int Count => _codes.Count;

    public int Of(string label)
    {
        if (!_codes.TryGetValue(label, out var code))
        {
            code = _codes.Count;
            _codes.Add(label, code);
        }
        return code;
    }

    public int[] Of(IEnumerable<string> labels) => labels.Select(Of).ToArray();
}
