using System.Globalization;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// The product id of gallery position p in a temporary collection: p zero-padded to 10 digits, so the
/// cluster's tie rule (score, then id ordinal) is the evaluation's (score, then smaller gallery index), which
/// makes exact ties deterministic where the reference code leaves their order unspecified.
/// </summary>
public static class GalleryKey
{
    public static string Format(int position) => position.ToString("D10", CultureInfo.InvariantCulture);

    public static int Parse(string id) => int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
}
