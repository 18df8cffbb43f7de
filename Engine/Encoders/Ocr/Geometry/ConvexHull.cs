namespace UmsOrleans.Engine.Encoders.Ocr.Geometry;

/// <summary>Andrew's monotone chain: the convex hull of a point set, without collinear points, in one turning direction.</summary>
public static class ConvexHull
{
    public static Point2d[] Of(IReadOnlyCollection<Point2d> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        if (sorted.Length < 3) return sorted;
        var hull = new Point2d[sorted.Length * 2];
        var count = 0;
        foreach (var point in sorted) count = Push(hull, count, 2, point);
        var lower = count + 1;
        for (var i = sorted.Length - 2; i >= 0; i--) count = Push(hull, count, lower, sorted[i]);
        // The last point pushed is the first one again.
        return hull[..(count - 1)];
    }

    private static int Push(Point2d[] hull, int count, int floor, Point2d point)
    {
        while (count >= floor && (hull[count - 1] - hull[count - 2]).Cross(point - hull[count - 2]) <= 0) count--;
        hull[count] = point;
        return count + 1;
    }
}
