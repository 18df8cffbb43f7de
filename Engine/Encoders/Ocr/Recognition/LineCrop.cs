using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Ocr.Geometry;

namespace UmsOrleans.Engine.Encoders.Ocr.Recognition;

/// <summary>
/// A text box cut out of its photo as a horizontal strip, as PaddleOCR's <c>get_rotate_crop_image</c> then
/// <c>resize_norm_img</c>: the crop is as wide and high as the box's longer opposite sides, turned a quarter when
/// at least 1.5 times higher than wide, then scaled to the model's height and written as BGR planes in −1..1.
/// </summary>
public sealed record LineCrop(RgbImage Image, Point2d[] Corners, int Width, int Height)
{
    /// <param name="box">Top-left, top-right, bottom-right, bottom-left.</param>
    public static LineCrop Of(RgbImage image, Point2d[] box)
    {
        var width = (int)Math.Max(box[0].DistanceTo(box[1]), box[2].DistanceTo(box[3]));
        var height = (int)Math.Max(box[0].DistanceTo(box[3]), box[1].DistanceTo(box[2]));
        // np.rot90: the right side becomes the top.
        return height >= 1.5 * width && width > 0
            ? new LineCrop(image, [box[1], box[2], box[3], box[0]], height, width)
            : new LineCrop(image, box, width, height);
    }

    public double AspectRatio => Height == 0 ? 0 : (double)Width / Height;

    /// <summary>The same crop upside down.</summary>
    public LineCrop Turned() => this with { Corners = [Corners[2], Corners[3], Corners[0], Corners[1]] };

    /// <summary>
    /// Writes the strip scaled to <paramref name="height"/> rows and min(<paramref name="paddedWidth"/>, ⌈height × aspect⌉)
    /// columns into a [3, height, paddedWidth] slice; the columns right of it stay 0.
    /// </summary>
    public void Write(Span<float> tensor, int height, int paddedWidth)
    {
        var width = Math.Min(paddedWidth, (int)Math.Ceiling(height * AspectRatio));
        var plane = height * paddedWidth;
        var origin = Corners[0];
        var across = Corners[1] - origin;
        var down = Corners[3] - origin;
        for (var row = 0; row < height; row++)
        {
            // The crop's own pixel grid (pixel centres at integers, 0 and Width on the box's corners), then the photo's.
            var v = ((row + 0.5) * Height / height - 0.5) / Math.Max(Height, 1);
            for (var column = 0; column < width; column++)
            {
                var u = ((column + 0.5) * Width / width - 0.5) / Math.Max(Width, 1);
                var source = origin + across * u + down * v;
                BilinearSampler.SampleBgr(Image, source.X, source.Y, out var blue, out var green, out var red);
                var index = row * paddedWidth + column;
                tensor[index] = blue / 127.5f - 1;
                tensor[plane + index] = green / 127.5f - 1;
                tensor[2 * plane + index] = red / 127.5f - 1;
            }
        }
    }
}
