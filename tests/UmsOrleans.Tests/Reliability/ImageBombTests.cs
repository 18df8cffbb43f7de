using System.Diagnostics;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Tests.Reliability;

/// <summary>Memory is measured from the process's working set, so these run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process-memory";
}

/// <summary>
/// Every decompression bomb is refused with a clear message in under a second and under 50 MB of extra memory,
/// with the server's default image limits (40 M pixels, 16 frames). Before the header checks, the GIF took 15 s
/// and 2.3 GB, and the TIFF was refused only after decoding every page (9 s, 1.3 GB).
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class ImageBombTests
{
    private const long MaxExtraBytes = 50L * 1024 * 1024;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(1);

    public static TheoryData<string, string> Bombs => new()
    {
        { "gif: a 6000×6600 screen, 16 one-pixel frames", "pixels" },
        { "gif: a 6000×6600 screen, 40 one-pixel frames", "frames" },
        { "tiff: 20 pages of 6000×6600", "frames" },
        { "tiff: 10 pages of 6000×6600", "pixels" },
        { "png: 100000×100000", "pixels" },
        { "webp: an animated 6000×6600 canvas, 16 frames", "" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void A_bomb_is_refused_fast_and_without_memory(string bomb, string named)
    {
        var bytes = Build(bomb);
        var decoding = new ImageDecoding(new EncodingOptions().ImageLimits);
        using var probe = WorkingSetProbe.Start();
        var stopwatch = Stopwatch.StartNew();

        var refusal = Assert.Throws<InvalidImageException>(() => decoding.Decode(bytes));

        stopwatch.Stop();
        var extra = probe.StopAndReadPeakGrowth();
        Assert.Contains(named, refusal.Message);
        Assert.True(stopwatch.Elapsed < MaxTime, $"{bomb}: refused after {stopwatch.Elapsed.TotalMilliseconds:0} ms ({refusal.Message})");
        Assert.True(extra < MaxExtraBytes, $"{bomb}: the working set grew by {extra / (1024 * 1024)} MB ({refusal.Message})");
    }

    [Fact]
    public void A_modest_animation_still_decodes_its_first_frame()
    {
        var decoded = new ImageDecoding(new EncodingOptions().ImageLimits).Decode(ImageBombs.GifCanvas(300, 200, 8));
        Assert.Equal((300, 200), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData(16, 6000L * 6600 * 16)]
    [InlineData(3, 6000L * 6600 * 3)]
    public void Frame_headers_count_gif_frames_without_decoding(int frames, long pixels) =>
        Assert.Equal(new FrameCount(frames, pixels), FrameHeaders.Read(ImageBombs.GifCanvas(6000, 6600, frames)));

    [Fact]
    public void Frame_headers_sum_the_pages_of_a_tiff() =>
        Assert.Equal(new FrameCount(5, 5L * 640 * 480), FrameHeaders.Read(ImageBombs.TiffPages(640, 480, 5)));

    [Fact]
    public void Frame_headers_count_animated_webp_frames() =>
        Assert.Equal(new FrameCount(7, 7L * 6000 * 6600), FrameHeaders.Read(ImageBombs.AnimatedWebp(6000, 6600, 7)));

    private static byte[] Build(string bomb) => bomb switch
    {
        "gif: a 6000×6600 screen, 16 one-pixel frames" => ImageBombs.GifCanvas(6000, 6600, 16),
        "gif: a 6000×6600 screen, 40 one-pixel frames" => ImageBombs.GifCanvas(6000, 6600, 40),
        "tiff: 20 pages of 6000×6600" => ImageBombs.TiffPages(6000, 6600, 20),
        "tiff: 10 pages of 6000×6600" => ImageBombs.TiffPages(6000, 6600, 10),
        "png: 100000×100000" => ImageBombs.PngDimensions(100_000, 100_000),
        "webp: an animated 6000×6600 canvas, 16 frames" => ImageBombs.AnimatedWebp(6000, 6600, 16),
        _ => throw new ArgumentException(bomb),
    };
}
