namespace UmsOrleans.Engine.Encoders.Ocr.Geometry;

/// <summary>A rectangle at any angle: its centre, the unit vector of its first side and the half lengths along that side and across it.</summary>
public readonly record struct RotatedRectangle(Point2d Center, Point2d Axis, double HalfLength, double HalfWidth)
{
    public double Length => 2 * HalfLength;

    public double Width => 2 * HalfWidth;

    public double ShortSide => Math.Min(Length, Width);

    public double Area => Length * Width;

    public double Perimeter => 2 * (Length + Width);

    private Point2d Normal => new(-Axis.Y, Axis.X);

    /// <summary>The four corners, in order around the rectangle.</summary>
    public Point2d[] Corners()
    {
        var along = Axis * HalfLength;
        var across = Normal * HalfWidth;
        return [Center - along - across, Center + along - across, Center + along + across, Center - along + across];
    }

    /// <summary>The same rectangle with every side moved out by <paramref name="distance"/>.</summary>
    public RotatedRectangle Grow(double distance) => this with { HalfLength = HalfLength + distance, HalfWidth = HalfWidth + distance };

    /// <summary>
    /// The smallest-area rectangle holding the points: one of its sides lies on an edge of the convex hull
    /// (Freeman and Shapira), so every hull edge is tried as the rectangle's direction.
    /// </summary>
    public static RotatedRectangle MinimumArea(IReadOnlyCollection<Point2d> points)
    {
        var hull = ConvexHull.Of(points);
        if (hull.Length == 0) throw new ArgumentException("no points.", nameof(points));
        if (hull.Length == 1) return new RotatedRectangle(hull[0], new Point2d(1, 0), 0, 0);
        var best = default(RotatedRectangle);
        var bestArea = double.PositiveInfinity;
        for (var i = 0; i < hull.Length; i++)
        {
            var edge = hull[(i + 1) % hull.Length] - hull[i];
            var axis = edge * (1 / edge.Length);
            var normal = new Point2d(-axis.Y, axis.X);
            double minU = double.PositiveInfinity, maxU = double.NegativeInfinity, minV = double.PositiveInfinity, maxV = double.NegativeInfinity;
            foreach (var point in hull)
            {
                var u = point.Dot(axis);
                var v = point.Dot(normal);
                minU = Math.Min(minU, u);
                maxU = Math.Max(maxU, u);
                minV = Math.Min(minV, v);
                maxV = Math.Max(maxV, v);
            }
            var area = (maxU - minU) * (maxV - minV);
            if (area >= bestArea) continue;
            bestArea = area;
            var center = axis * ((minU + maxU) / 2) + normal * ((minV + maxV) / 2);
            best = new RotatedRectangle(center, axis, (maxU - minU) / 2, (maxV - minV) / 2);
        }
        return best;
    }
}
