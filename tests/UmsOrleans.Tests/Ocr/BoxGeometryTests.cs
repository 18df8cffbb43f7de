using UmsOrleans.Engine.Encoders.Ocr.Detection;
using UmsOrleans.Engine.Encoders.Ocr.Geometry;

namespace UmsOrleans.Tests.Ocr;

/// <summary>Convex hull, minimum-area rectangle, corner order and unclip, against hand-computed boxes.</summary>
public sealed class BoxGeometryTests
{
    [Fact]
    public void The_hull_keeps_only_the_outer_corners()
    {
        Point2d[] points = [new(0, 0), new(4, 0), new(4, 3), new(0, 3), new(2, 1), new(1, 2), new(2, 0), new(4, 1)];
        var hull = ConvexHull.Of(points);
        Assert.Equal(4, hull.Length);
        Assert.Equal(new HashSet<Point2d> { new(0, 0), new(4, 0), new(4, 3), new(0, 3) }, hull.ToHashSet());
    }

    [Fact]
    public void An_axis_aligned_set_gets_its_bounding_box()
    {
        Point2d[] points = [new(10, 5), new(29, 5), new(29, 12), new(10, 12), new(15, 7), new(20, 12)];
        var rectangle = RotatedRectangle.MinimumArea(points);
        Assert.Equal(19 * 7, rectangle.Area, 9);
        Assert.Equal(7, rectangle.ShortSide, 9);
        var corners = QuadCorners.Order(rectangle.Corners());
        AssertPoints([new(10, 5), new(29, 5), new(29, 12), new(10, 12)], corners);
    }

    [Fact]
    public void A_tilted_rectangle_is_found_at_its_angle()
    {
        // A 10 × 2 rectangle turned by 30° (y down: its right end higher), corners and one inner point.
        var axis = new Point2d(Math.Cos(Math.PI / 6), -Math.Sin(Math.PI / 6));
        var normal = new Point2d(-axis.Y, axis.X);
        var origin = new Point2d(20, 20);
        Point2d[] points = [origin, origin + axis * 10, origin + axis * 10 + normal * 2, origin + normal * 2, origin + axis * 5 + normal];
        var rectangle = RotatedRectangle.MinimumArea(points);
        Assert.Equal(20, rectangle.Area, 9);
        Assert.Equal(2, rectangle.ShortSide, 9);
        // Top-left is the left end's upper corner; top-right is the right end's upper corner.
        var corners = QuadCorners.Order(rectangle.Corners());
        AssertPoints([origin, origin + axis * 10, origin + axis * 10 + normal * 2, origin + normal * 2], corners);
    }

    [Fact]
    public void A_diamond_gets_the_square_it_is()
    {
        Point2d[] points = [new(5, 0), new(10, 5), new(5, 10), new(0, 5)];
        var rectangle = RotatedRectangle.MinimumArea(points);
        Assert.Equal(50, rectangle.Area, 9);
        Assert.Equal(Math.Sqrt(50), rectangle.ShortSide, 9);
    }

    [Fact]
    public void A_single_row_has_no_height()
    {
        var rectangle = RotatedRectangle.MinimumArea([new Point2d(3, 4), new Point2d(9, 4), new Point2d(6, 4)]);
        Assert.Equal(0, rectangle.ShortSide, 9);
        Assert.Equal(6, Math.Max(rectangle.Length, rectangle.Width), 9);
    }

    [Fact]
    public void Unclip_grows_every_side_by_area_times_ratio_over_perimeter()
    {
        // 10 × 4: area 40, perimeter 28, ratio 1.5 → 60 / 28 = 2.142857… on every side.
        var rectangle = new RotatedRectangle(new Point2d(0, 0), new Point2d(1, 0), 5, 2);
        var grown = DbPostProcessor.Unclip(rectangle, 1.5);
        Assert.Equal(10 + 2 * 60.0 / 28, grown.Length, 9);
        Assert.Equal(4 + 2 * 60.0 / 28, grown.Width, 9);
        Assert.Equal(rectangle.Center, grown.Center);
    }

    private static void AssertPoints(Point2d[] expected, Point2d[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].X, actual[i].X, 6);
            Assert.Equal(expected[i].Y, actual[i].Y, 6);
        }
    }
}
