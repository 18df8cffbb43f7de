using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>Bilinear samples of an RGB image at fractional pixel positions, edges replicated (OpenCV's INTER_LINEAR, BORDER_REPLICATE).</summary>
public static class BilinearSampler
{
    /// <summary>Writes the blue, green and red values (0..255) at (<paramref name="x"/>, <paramref name="y"/>), pixel centres at integers.</summary>
    public static void SampleBgr(RgbImage image, double x, double y, out float blue, out float green, out float red)
    {
        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, image.Width - 1);
        var y1 = Math.Min(y0 + 1, image.Height - 1);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var pixels = image.Pixels;
        var row0 = y0 * image.Width;
        var row1 = y1 * image.Width;
        red = Mix(pixels, row0, row1, x0, x1, fx, fy, 0);
        green = Mix(pixels, row0, row1, x0, x1, fx, fy, 1);
        blue = Mix(pixels, row0, row1, x0, x1, fx, fy, 2);
    }

    private static float Mix(byte[] pixels, int row0, int row1, int x0, int x1, float fx, float fy, int channel)
    {
        var top = pixels[(row0 + x0) * 3 + channel] * (1 - fx) + pixels[(row0 + x1) * 3 + channel] * fx;
        var bottom = pixels[(row1 + x0) * 3 + channel] * (1 - fx) + pixels[(row1 + x1) * 3 + channel] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
