using UmsOrleans.Engine.Encoders.Ocr.Geometry;

namespace UmsOrleans.Engine.Encoders.Ocr.Detection;

/// <summary>
/// Differentiable-binarization post-processing as PaddleOCR's <c>DBPostProcess</c> (box type quad, fast score):
/// threshold the text probability map, take each connected region's minimum-area rectangle, keep it when the mean
/// probability inside is high enough, grow it back by area × ratio / perimeter and scale it to the photo.
/// </summary>
public sealed class DbPostProcessor(double pixelThreshold, double boxThreshold, double unclipRatio, int maxCandidates)
{
    private const double MinShortSide = 3;

    /// <summary>Boxes (top-left, top-right, bottom-right, bottom-left) in the photo's pixels.</summary>
    public List<Point2d[]> Boxes(ReadOnlySpan<float> probabilities, int mapWidth, int mapHeight, int imageWidth, int imageHeight)
    {
        var mask = new bool[probabilities.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = probabilities[i] > pixelThreshold;
        var boxes = new List<Point2d[]>();
        foreach (var region in TextRegions.Find(mask, mapWidth, mapHeight, maxCandidates))
        {
            var rectangle = RotatedRectangle.MinimumArea(region);
            if (rectangle.ShortSide < MinShortSide) continue;
            var corners = QuadCorners.Order(rectangle.Corners());
            if (BoxScore(probabilities, mapWidth, mapHeight, corners) < boxThreshold) continue;
            var grown = Unclip(rectangle, unclipRatio);
            if (grown.ShortSide < MinShortSide + 2) continue;
            boxes.Add([.. QuadCorners.Order(grown.Corners()).Select(p => Scale(p, mapWidth, mapHeight, imageWidth, imageHeight))]);
        }
        return boxes;
    }

    /// <summary>DB shrinks text regions by D = area × (1 − r²) / perimeter when training; this grows them back.</summary>
    public static RotatedRectangle Unclip(RotatedRectangle rectangle, double ratio) =>
        rectangle.Perimeter == 0 ? rectangle : rectangle.Grow(rectangle.Area * ratio / rectangle.Perimeter);

    /// <summary>Mean probability over the map pixels inside the quad (edges included, as <c>cv2.fillPoly</c> does).</summary>
    public static double BoxScore(ReadOnlySpan<float> probabilities, int width, int height, Point2d[] quad)
    {
        var xMin = Math.Clamp((int)Math.Floor(quad.Min(p => p.X)), 0, width - 1);
        var xMax = Math.Clamp((int)Math.Ceiling(quad.Max(p => p.X)), 0, width - 1);
        var yMin = Math.Clamp((int)Math.Floor(quad.Min(p => p.Y)), 0, height - 1);
        var yMax = Math.Clamp((int)Math.Ceiling(quad.Max(p => p.Y)), 0, height - 1);
        double sum = 0;
        var count = 0;
        for (var y = yMin; y <= yMax; y++)
        {
            for (var x = xMin; x <= xMax; x++)
            {
                if (!Inside(quad, new Point2d(x, y))) continue;
                sum += probabilities[y * width + x];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static bool Inside(Point2d[] quad, Point2d point)
    {
        const double Tolerance = 0.5;
        var sign = 0;
        for (var i = 0; i < quad.Length; i++)
        {
            var a = quad[i];
            var edge = quad[(i + 1) % quad.Length] - a;
            var length = edge.Length;
            if (length == 0) continue;
            var side = edge.Cross(point - a) / length;
            if (Math.Abs(side) <= Tolerance) continue;
            var current = Math.Sign(side);
            if (sign != 0 && current != sign) return false;
            sign = current;
        }
        return true;
    }

    private static Point2d Scale(Point2d point, int mapWidth, int mapHeight, int imageWidth, int imageHeight) => new(
        Math.Clamp(Math.Round(point.X / mapWidth * imageWidth, MidpointRounding.ToEven), 0, imageWidth),
        Math.Clamp(Math.Round(point.Y / mapHeight * imageHeight, MidpointRounding.ToEven), 0, imageHeight));
}
