using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Tests.Encoders;

public sealed class PillowBilinearResamplerTests
{
    [Theory]
    [InlineData(37, 53, 20, 61, 3, 7, 11, 19)]
    [InlineData(300, 200, 120, 80, 10, 5, 100, 70)]
    [InlineData(64, 64, 64, 99, 0, 30, 64, 40)]
    [InlineData(50, 70, 23, 70, 4, 0, 15, 70)]
    public void A_window_equals_the_same_part_of_the_full_resize(int width, int height, int newWidth, int newHeight, int left, int top, int windowWidth, int windowHeight)
    {
        var image = Patterned(width, height);
        var full = PillowBilinearResampler.Resize(image, newWidth, newHeight);
        var window = PillowBilinearResampler.ResizeWindow(image, newWidth, newHeight, left, top, windowWidth, windowHeight);
        for (var y = 0; y < windowHeight; y++)
        {
            for (var x = 0; x < windowWidth; x++)
            {
                for (var c = 0; c < 3; c++) Assert.Equal(full[left + x, top + y, c], window[x, y, c]);
            }
        }
    }

    [Fact]
    public void The_same_size_returns_the_pixels_unchanged()
    {
        var image = Patterned(31, 17);
        Assert.Equal(image.Pixels, PillowBilinearResampler.Resize(image, 31, 17).Pixels);
    }

    [Fact]
    public void A_uniform_image_stays_uniform_at_any_scale()
    {
        var image = new RgbImage(40, 30, Enumerable.Repeat((byte)173, 40 * 30 * 3).ToArray());
        Assert.All(PillowBilinearResampler.Resize(image, 7, 93).Pixels, v => Assert.Equal(173, v));
    }

    private static RgbImage Patterned(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++) pixels[(y * width + x) * 3 + c] = (byte)((x * x * 3 + y * 7 + x * y * 5 + c * 85) & 255);
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
