using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Engine.Encoders.Images;

/// <summary>
/// A decoded image to the model's input: shorter side to S (Pillow bilinear; the long side is
/// floor(S·long/short); no resize when the short side is already S), centre crop with half-to-even offsets,
/// (byte / divisor − mean) / std per channel, in the channel order and layout the model wants (mean and std
/// are given in the model's channel order).
/// </summary>
public sealed class ImagePreprocessor(ImagePreprocessing spec, TensorLayout layout)
{
    public int Crop => spec.Crop;

    /// <summary>Floats one image fills: 3 × crop × crop.</summary>
    public int TensorLength => 3 * spec.Crop * spec.Crop;

    public static (int Width, int Height) ResizedSize(int width, int height, int shorterSide)
    {
        var shorter = Math.Min(width, height);
        if (shorter == shorterSide) return (width, height);
        var longer = (int)((long)shorterSide * Math.Max(width, height) / shorter);
        return width <= height ? (shorterSide, longer) : (longer, shorterSide);
    }

    public static int CropOffset(int size, int crop) => (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven);

    /// <summary>The resized, centre-cropped 8-bit image (before scaling), as the model's crop sees it.</summary>
    public RgbImage ResizeAndCrop(RgbImage image)
    {
        var (width, height) = ResizedSize(image.Width, image.Height, spec.ShorterSide);
        var left = CropOffset(width, spec.Crop);
        var top = CropOffset(height, spec.Crop);
        return PillowBilinearResampler.ResizeWindow(image, width, height, left, top, spec.Crop, spec.Crop);
    }

    /// <summary>Writes one image's tensor (3 × crop × crop floats) into <paramref name="destination"/>.</summary>
    public void Write(RgbImage image, Span<float> destination)
    {
        if (destination.Length != TensorLength) throw new ArgumentException($"destination holds {destination.Length} floats; {TensorLength} expected.", nameof(destination));
        var cropped = ResizeAndCrop(image);
        var plane = spec.Crop * spec.Crop;
        var pixels = cropped.Pixels;
        for (var c = 0; c < 3; c++)
        {
            // Output channel c takes source channel c (RGB) or 2 − c (BGR).
            var sourceChannel = spec.ChannelOrder == ChannelOrder.Bgr ? 2 - c : c;
            var mean = spec.Mean[c];
            var std = spec.Std[c];
            for (var i = 0; i < plane; i++)
            {
                var value = (pixels[i * 3 + sourceChannel] / spec.Divisor - mean) / std;
                if (layout == TensorLayout.Nchw) destination[c * plane + i] = value;
                else destination[i * 3 + c] = value;
            }
        }
    }
}
