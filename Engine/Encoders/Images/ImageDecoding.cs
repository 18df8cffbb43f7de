using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace UmsOrleans.Engine.Encoders.Images;

/// <summary>
/// Decodes untrusted bytes to RGB (alpha dropped, grey replicated) with ImageSharp, refusing an image before
/// it can cost much: the byte count first, then from the headers alone the pixel count, the frame count and the
/// pixels all frames together would decode to (<see cref="FrameHeaders"/>: a 400-byte GIF can declare sixteen
/// 6000×6600 frames), and a memory cap on the decoder. Only the first frame is decoded: the encoders use no other.
/// </summary>
public sealed class ImageDecoding
{
    private readonly ImageLimits _limits;
    private readonly Configuration _configuration;

    public ImageDecoding(ImageLimits limits)
    {
        _limits = limits;
        _configuration = Configuration.Default.Clone();
        _configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        _configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        // One frame is decoded (FrameHeaders refused too many before): room for it twice over, plus headroom.
        var frameBytes = (long)limits.MaxPixels * 4;
        var capMegabytes = (int)Math.Clamp(frameBytes * 2 / (1024 * 1024) + 64, 64, int.MaxValue);
        _configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = capMegabytes });
    }

    public ImageLimits Limits => _limits;

    /// <summary>Refuses an oversized payload without looking inside it.</summary>
    public void CheckSize(int bytes)
    {
        if (bytes == 0) throw new InvalidImageException("the image is empty.");
        if (bytes > _limits.MaxBytes) throw new InvalidImageException($"the image has {bytes} bytes; at most {_limits.MaxBytes} are accepted.");
    }

    public RgbImage Decode(byte[] encoded)
    {
        CheckSize(encoded.Length);
        IImageInfo? info;
        try
        {
            info = Image.Identify(_configuration, encoded, out _);
        }
        catch (Exception exception) when (exception is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or ImageFormatException)
        {
            throw new InvalidImageException($"the image cannot be decoded: {exception.Message}", inner: exception);
        }
        if (info is null) throw new InvalidImageException("the image format is not recognised (JPEG, PNG, GIF, BMP, TIFF, WebP, TGA, PBM are).");
        if ((long)info.Width * info.Height > _limits.MaxPixels)
        {
            throw new InvalidImageException($"the image is {info.Width}×{info.Height} pixels; at most {_limits.MaxPixels} pixels are accepted.");
        }
        CheckFrames(encoded);
        Image<Rgb24> image;
        try
        {
            image = Image.Load<Rgb24>(_configuration, encoded);
        }
        catch (Exception exception) when (exception is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or ImageFormatException or InvalidMemoryOperationException)
        {
            throw new InvalidImageException($"the image cannot be decoded: {exception.Message}", inner: exception);
        }
        using (image)
        {
            if ((long)image.Width * image.Height > _limits.MaxPixels)
            {
                throw new InvalidImageException($"the image is {image.Width}×{image.Height} pixels; at most {_limits.MaxPixels} pixels are accepted.");
            }
            var pixels = new byte[image.Width * image.Height * 3];
            image.Frames.RootFrame.CopyPixelDataTo(pixels);
            return new RgbImage(image.Width, image.Height, pixels);
        }
    }

    /// <summary>Refuses a file whose frames, counted from its headers, are too many or would decode to too many pixels.</summary>
    private void CheckFrames(byte[] encoded)
    {
        if (FrameHeaders.Read(encoded) is not { } declared) return;
        if (declared.Frames > _limits.MaxFrames)
        {
            throw new InvalidImageException($"the image has {declared.Frames} frames; at most {_limits.MaxFrames} are accepted.");
        }
        if (declared.Pixels > _limits.MaxPixels)
        {
            throw new InvalidImageException($"the image's {declared.Frames} frames would decode to {declared.Pixels:N0} pixels; at most {_limits.MaxPixels:N0} are accepted.");
        }
    }
}
