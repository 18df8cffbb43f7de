using UmsOrleans.Engine.Encoders.Ocr.Detection;
using UmsOrleans.Engine.Encoders.Ocr.Geometry;

namespace UmsOrleans.Tests.Ocr;

/// <summary>DB post-processing on hand-made probability maps, with the boxes worked out by hand.</summary>
public sealed class DbPostProcessorTests
{
    private const int Width = 64;
    private const int Height = 32;
    private readonly DbPostProcessor _postProcessor = new(pixelThreshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, maxCandidates: 1000);

    [Fact]
    public void A_confident_region_becomes_its_unclipped_box()
    {
        var map = Map((10, 29, 5, 12, 0.9f));
        var box = Assert.Single(_postProcessor.Boxes(map, Width, Height, Width, Height));
        // Pixel centres 10..29 × 5..12: 19 × 7, area 133, perimeter 52, grown by 199.5 / 52 = 3.8365 on every side,
        // so x 6.163..32.837 and y 1.163..15.837, rounded.
        AssertBox([new(6, 1), new(33, 1), new(33, 16), new(6, 16)], box);
    }

    [Fact]
    public void Boxes_are_scaled_to_the_photo()
    {
        var map = Map((10, 29, 5, 12, 0.9f));
        var box = Assert.Single(_postProcessor.Boxes(map, Width, Height, 2 * Width, 2 * Height));
        // Twice 6.163, 32.837, 1.163 and 15.837, rounded.
        AssertBox([new(12, 2), new(66, 2), new(66, 32), new(12, 32)], box);
    }

    [Fact]
    public void Faint_thin_and_separate_regions_are_told_apart()
    {
        var map = Map(
            (2, 20, 20, 28, 0.45f),  // above the pixel threshold, below the box threshold
            (40, 60, 3, 4, 0.95f),   // two rows: 1 pixel high between centres, under the 3-pixel minimum
            (40, 50, 20, 27, 0.8f)); // kept
        var box = Assert.Single(_postProcessor.Boxes(map, Width, Height, Width, Height));
        // 10 × 7: area 70, perimeter 34, grown by 105 / 34 = 3.088: x 36.91..53.09, y 16.91..30.09.
        AssertBox([new(37, 17), new(53, 17), new(53, 30), new(37, 30)], box);
    }

    [Fact]
    public void The_box_score_is_the_mean_inside_the_quad()
    {
        var map = Map((10, 19, 10, 19, 1f));
        Point2d[] quad = [new(10, 10), new(29, 10), new(29, 19), new(10, 19)];
        // 20 × 10 pixels inside, half of them at 1.
        Assert.Equal(0.5, DbPostProcessor.BoxScore(map, Width, Height, quad), 6);
    }

    [Fact]
    public void Diagonal_neighbours_join_one_region()
    {
        var mask = new bool[5 * 5];
        mask[0] = mask[6] = mask[12] = true; // (0,0), (1,1), (2,2)
        mask[4] = true;                      // (4,0), alone
        var regions = TextRegions.Find(mask, 5, 5, 10);
        Assert.Equal(2, regions.Count);
        Assert.Equal([new Point2d(0, 0), new Point2d(1, 1), new Point2d(2, 2)], regions[0]);
        Assert.Equal([new Point2d(4, 0)], regions[1]);
        Assert.Single(TextRegions.Find(mask, 5, 5, 1));
    }

    private static float[] Map(params (int X0, int X1, int Y0, int Y1, float P)[] regions)
    {
        var map = new float[Width * Height];
        foreach (var (x0, x1, y0, y1, p) in regions)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++) map[y * Width + x] = p;
            }
        }
        return map;
    }

    private static void AssertBox(Point2d[] expected, Point2d[] actual) => Assert.Equal(expected, actual);
}
