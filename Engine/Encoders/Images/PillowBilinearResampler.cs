namespace UmsOrleans.Engine.Encoders.Images;

/// <summary>
/// Pillow's BILINEAR resize of an 8-bit RGB image (ImagingResample): a separable triangle filter whose support
/// grows with the downscale factor (antialiasing), weights normalised per output pixel and fixed to 22
/// fractional bits, a horizontal pass rounded to 8 bits, then a vertical pass. ImageSharp's resamplers
/// differ in the last bits, and the evaluation must match Pillow digit for digit.
/// Only a window of the output is computed: every output pixel depends only on its own coefficients, so a
/// centre crop of the resized image costs the crop, not the full resize.
/// </summary>
public static class PillowBilinearResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>The whole image resized to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height) =>
        ResizeWindow(source, width, height, 0, 0, width, height);

    /// <summary>
    /// The window (<paramref name="left"/>, <paramref name="top"/>, <paramref name="windowWidth"/> ×
    /// <paramref name="windowHeight"/>) of the image resized to <paramref name="width"/> × <paramref name="height"/>.
    /// </summary>
    public static RgbImage ResizeWindow(RgbImage source, int width, int height, int left, int top, int windowWidth, int windowHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (left < 0 || top < 0 || left + windowWidth > width || top + windowHeight > height)
        {
            throw new ArgumentOutOfRangeException(nameof(left), "the window must lie inside the resized image.");
        }
        var horizontal = width != source.Width
            ? Coefficients.Compute(source.Width, width, left, windowWidth)
            : Coefficients.Identity(left, windowWidth);
        var vertical = height != source.Height
            ? Coefficients.Compute(source.Height, height, top, windowHeight)
            : Coefficients.Identity(top, windowHeight);

        // The horizontal pass only runs over the source rows the vertical pass reads.
        var firstRow = vertical.Bounds[0];
        var lastRow = vertical.Bounds[(windowHeight - 1) * 2] + vertical.Bounds[(windowHeight - 1) * 2 + 1];
        var rows = lastRow - firstRow;
        var temp = new byte[rows * windowWidth * 3];
        ResampleHorizontal(source.Pixels, source.Width, firstRow, rows, temp, windowWidth, horizontal);

        var output = new byte[windowHeight * windowWidth * 3];
        ResampleVertical(temp, windowWidth, firstRow, output, windowHeight, vertical);
        return new RgbImage(windowWidth, windowHeight, output);
    }

    private static void ResampleHorizontal(byte[] input, int inputWidth, int firstRow, int rows, byte[] output, int outputWidth, Coefficients c)
    {
        for (var y = 0; y < rows; y++)
        {
            var inRow = (firstRow + y) * inputWidth * 3;
            var outRow = y * outputWidth * 3;
            for (var x = 0; x < outputWidth; x++)
            {
                var min = c.Bounds[x * 2];
                var count = c.Bounds[x * 2 + 1];
                var k = c.Weights.AsSpan(x * c.KernelSize, count);
                int r = 1 << (PrecisionBits - 1), g = r, b = r;
                for (var i = 0; i < count; i++)
                {
                    var p = inRow + (min + i) * 3;
                    r += input[p] * k[i];
                    g += input[p + 1] * k[i];
                    b += input[p + 2] * k[i];
                }
                output[outRow + x * 3] = Clip8(r);
                output[outRow + x * 3 + 1] = Clip8(g);
                output[outRow + x * 3 + 2] = Clip8(b);
            }
        }
    }

    private static void ResampleVertical(byte[] input, int width, int firstRow, byte[] output, int outputHeight, Coefficients c)
    {
        for (var y = 0; y < outputHeight; y++)
        {
            var min = c.Bounds[y * 2] - firstRow;
            var count = c.Bounds[y * 2 + 1];
            var k = c.Weights.AsSpan(y * c.KernelSize, count);
            var outRow = y * width * 3;
            for (var x = 0; x < width * 3; x++)
            {
                var sum = 1 << (PrecisionBits - 1);
                for (var i = 0; i < count; i++)
                {
                    sum += input[(min + i) * width * 3 + x] * k[i];
                }
                output[outRow + x] = Clip8(sum);
            }
        }
    }

    private static byte Clip8(int value) => (byte)Math.Clamp(value >> PrecisionBits, 0, 255);

    /// <summary>Per output pixel: the first input index, the tap count, and fixed-point weights.</summary>
    private sealed record Coefficients(int KernelSize, int[] Bounds, int[] Weights)
    {
        public static Coefficients Identity(int first, int count)
        {
            var bounds = new int[count * 2];
            var weights = new int[count];
            for (var i = 0; i < count; i++)
            {
                bounds[i * 2] = first + i;
                bounds[i * 2 + 1] = 1;
                weights[i] = 1 << PrecisionBits;
            }
            return new Coefficients(1, bounds, weights);
        }

        public static Coefficients Compute(int inSize, int outSize, int first, int count)
        {
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = 1.0 * filterScale; // the triangle filter's support is 1
            var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
            var bounds = new int[count * 2];
            var weights = new int[count * kernelSize];
            var k = new double[kernelSize];
            for (var o = 0; o < count; o++)
            {
                var center = (first + o + 0.5) * scale;
                var inverse = 1.0 / filterScale;
                var min = (int)(center - support + 0.5);
                if (min < 0) min = 0;
                var max = (int)(center + support + 0.5);
                if (max > inSize) max = inSize;
                max -= min;
                var total = 0.0;
                for (var i = 0; i < max; i++)
                {
                    var w = Triangle((i + min - center + 0.5) * inverse);
                    k[i] = w;
                    total += w;
                }
                for (var i = 0; i < max; i++)
                {
                    var w = total != 0.0 ? k[i] / total : k[i];
                    weights[o * kernelSize + i] = w < 0
                        ? (int)(-0.5 + w * (1 << PrecisionBits))
                        : (int)(0.5 + w * (1 << PrecisionBits));
                }
                bounds[o * 2] = min;
                bounds[o * 2 + 1] = max;
            }
            return new Coefficients(kernelSize, bounds, weights);
        }

        private static double Triangle(double x)
        {
            if (x < 0) x = -x;
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }
}
