using UmsOrleans.Engine.Encoders.Ocr.Geometry;

namespace UmsOrleans.Engine.Encoders.Ocr.Detection;

/// <summary>
/// The 8-connected regions of a binary map, each given by the leftmost and rightmost pixel of every row it spans:
/// those points have the same convex hull as the whole region (and as the contour OpenCV would trace).
/// </summary>
public static class TextRegions
{
    public static List<Point2d[]> Find(ReadOnlySpan<bool> mask, int width, int height, int maxRegions)
    {
        var regions = new List<Point2d[]>();
        var visited = new bool[mask.Length];
        var stack = new Stack<int>();
        var rowMin = new int[height];
        var rowMax = new int[height];
        Array.Fill(rowMin, int.MaxValue);
        Array.Fill(rowMax, -1);
        for (var start = 0; start < mask.Length && regions.Count < maxRegions; start++)
        {
            if (!mask[start] || visited[start]) continue;
            visited[start] = true;
            stack.Push(start);
            int top = height, bottom = -1;
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                rowMin[y] = Math.Min(rowMin[y], x);
                rowMax[y] = Math.Max(rowMax[y], x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= height) continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if (nx < 0 || nx >= width) continue;
                        var neighbour = ny * width + nx;
                        if (!mask[neighbour] || visited[neighbour]) continue;
                        visited[neighbour] = true;
                        stack.Push(neighbour);
                    }
                }
            }
            var points = new List<Point2d>((bottom - top + 1) * 2);
            for (var y = top; y <= bottom; y++)
            {
                if (rowMax[y] < 0) continue;
                points.Add(new Point2d(rowMin[y], y));
                if (rowMax[y] != rowMin[y]) points.Add(new Point2d(rowMax[y], y));
                rowMin[y] = int.MaxValue;
                rowMax[y] = -1;
            }
            regions.Add([.. points]);
        }
        return regions;
    }
}
