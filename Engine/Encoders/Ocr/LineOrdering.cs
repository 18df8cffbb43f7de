using UmsOrleans.Engine.Encoders.Ocr.Geometry;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>
/// Reading order as PaddleOCR's <c>sorted_boxes</c>: by the top-left corner's y then x, then a box whose top-left is
/// less than 10 pixels higher or lower than the previous one's and left of it moves before it (one line of text).
/// </summary>
public static class LineOrdering
{
    public const double SameLineTolerance = 10;

    public static List<Point2d[]> Sort(IEnumerable<Point2d[]> boxes)
    {
        var sorted = boxes.OrderBy(b => b[0].Y).ThenBy(b => b[0].X).ToList();
        for (var i = 0; i < sorted.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                if (Math.Abs(sorted[j + 1][0].Y - sorted[j][0].Y) < SameLineTolerance && sorted[j + 1][0].X < sorted[j][0].X)
                {
                    (sorted[j], sorted[j + 1]) = (sorted[j + 1], sorted[j]);
                }
                else
                {
                    break;
                }
            }
        }
        return sorted;
    }
}
