namespace UmsOrleans.Engine.Encoders.Ocr.Geometry;

/// <summary>A point or vector in pixels, in double precision for the box geometry.</summary>
public readonly record struct Point2d(double X, double Y)
{
    public static Point2d operator +(Point2d a, Point2d b) => new(a.X + b.X, a.Y + b.Y);

    public static Point2d operator -(Point2d a, Point2d b) => new(a.X - b.X, a.Y - b.Y);

    public static Point2d operator *(Point2d a, double s) => new(a.X * s, a.Y * s);

    public double Dot(Point2d other) => X * other.X + Y * other.Y;

    /// <summary>The z component of the cross product: positive when <paramref name="other"/> turns counter-clockwise (y up).</summary>
    public double Cross(Point2d other) => X * other.Y - Y * other.X;

    public double Length => Math.Sqrt(X * X + Y * Y);

    public double DistanceTo(Point2d other) => (this - other).Length;
}
