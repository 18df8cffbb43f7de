using System.Globalization;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// The product id of gallery position p in a temporary collection: p zero-padded to 10 digits, so the
/// cluster's tie rule (score, then id ordinal) is EVAL_SPEC's (score, then smaller gallery index).
/// </summary>
public static class GalleryKey
{
    public static string Format(int position) => position.ToString("D10", CultureInfo.InvariantCulture);

    public static int Parse(string id) => int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
}
