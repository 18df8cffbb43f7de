using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Engine.Encoders.Ocr.Detection;

/// <summary>
/// The detector's input as PaddleOCR prepares it (<c>DetResizeForTest</c> type 0, <c>NormalizeImage</c>): scaled so the
/// longer side is at most the limit, each side rounded to a multiple of 32, BGR planes normalised with ImageNet's
/// mean and deviation (listed in the order PaddleOCR applies them to its BGR arrays).
/// </summary>
public static class DetectionInput
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Deviation = [0.229f, 0.224f, 0.225f];

    /// <param name="raiseShorterSide">PaddleOCR's limit type <c>min</c>: scale up until the shorter side reaches the limit.</param>
    public static (int Width, int Height) Size(int width, int height, int limitSide, bool raiseShorterSide = false)
    {
        var ratio = raiseShorterSide
            ? Math.Min(width, height) < limitSide ? (double)limitSide / Math.Min(width, height) : 1.0
            : Math.Max(width, height) > limitSide ? (double)limitSide / Math.Max(width, height) : 1.0;
        return (RoundTo32((int)(width * ratio)), RoundTo32((int)(height * ratio)));
    }

    /// <summary>A [1, 3, height, width] tensor.</summary>
    public static float[] Tensor(RgbImage image, int width, int height)
    {
        var plane = width * height;
        var tensor = new float[3 * plane];
        var scaleX = (double)image.Width / width;
        var scaleY = (double)image.Height / height;
        for (var y = 0; y < height; y++)
        {
            var sourceY = (y + 0.5) * scaleY - 0.5;
            for (var x = 0; x < width; x++)
            {
                BilinearSampler.SampleBgr(image, (x + 0.5) * scaleX - 0.5, sourceY, out var blue, out var green, out var red);
                var index = y * width + x;
                tensor[index] = (blue / 255f - Mean[0]) / Deviation[0];
                tensor[plane + index] = (green / 255f - Mean[1]) / Deviation[1];
                tensor[2 * plane + index] = (red / 255f - Mean[2]) / Deviation[2];
            }
        }
        return tensor;
    }

    private static int RoundTo32(int side) => Math.Max((int)Math.Round(side / 32.0, MidpointRounding.ToEven) * 32, 32);
}
