namespace UmsOrleans.Engine.Encoders.Ocr.Geometry;

/// <summary>Puts a rectangle's corners in PaddleOCR's order: top-left, top-right, bottom-right, bottom-left (y down).</summary>
public static class QuadCorners
{
    /// <summary>
    /// As PaddleOCR's <c>get_mini_boxes</c>: the two leftmost corners give the left side (the upper one first),
    /// the two rightmost the right side.
    /// </summary>
    public static Point2d[] Order(IReadOnlyList<Point2d> corners)
    {
        var byX = corners.OrderBy(p => p.X).ToArray();
        var (topLeft, bottomLeft) = byX[1].Y > byX[0].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[3].Y > byX[2].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return [topLeft, topRight, bottomRight, bottomLeft];
    }
}
