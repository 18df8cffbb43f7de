using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// A deterministic stand-in model built from real data: each photo is decoded, shrunk to 16×16 RGB and
/// multiplied by a fixed random projection (seeded) to <see cref="Dimension"/> values. Similar photos get
/// similar vectors, so metrics are far from trivial, yet every number is reproducible. Texts, when asked for,
/// are bags of seeded random word vectors.
/// </summary>
internal sealed class PixelProjectionEncoder : IEvaluationEncoder
{
    public const int Dimension = 48;
    private const int Side = 16;
    private readonly float[] _projection;

    private readonly bool _withText;

    /// <param name="withText">Also encode texts: a bag of words, each word a seeded random vector (no alignment with images).</param>
    public PixelProjectionEncoder(int seed = 7, bool withText = false)
    {
        _withText = withText;
        var random = new Random(seed);
        _projection = new float[Side * Side * 3 * Dimension];
        for (var i = 0; i < _projection.Length; i++) _projection[i] = (float)(random.NextDouble() * 2 - 1);
    }

    public string Model => "test-pixel-projection";

    public int? ImageDimension => Dimension;

    public int? TextDimension => _withText ? Dimension : null;

    public Task<IReadOnlyList<EncodeResult>> EncodeImagesAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EncodeResult>>(images.Select(i => Encode(i.Path)).ToList());

    public Task<IReadOnlyList<EncodeResult>> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _withText
            ? Task.FromResult<IReadOnlyList<EncodeResult>>(texts.Select(t => EncodeResult.Ok(EncodeText(t))).ToList())
            : throw new NotSupportedException("this test model encodes images only.");

    public static float[] EncodeText(string text)
    {
        var vector = new float[Dimension];
        foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 2166136261u;
            foreach (var c in word) hash = (hash ^ c) * 16777619u;
            var random = new Random((int)hash);
            for (var d = 0; d < Dimension; d++) vector[d] += (float)(random.NextDouble() * 2 - 1);
        }
        return vector;
    }

    public EncodeResult Encode(string path)
    {
        try
        {
            using var image = Image.Load<Rgb24>(path);
            image.Mutate(x => x.Resize(Side, Side));
            var pixels = new float[Side * Side * 3];
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var p = image[x, y];
                    var o = (y * Side + x) * 3;
                    (pixels[o], pixels[o + 1], pixels[o + 2]) = (p.R / 255f - 0.5f, p.G / 255f - 0.5f, p.B / 255f - 0.5f);
                }
            }
            var vector = new float[Dimension];
            for (var d = 0; d < Dimension; d++)
            {
                var sum = 0f;
                for (var i = 0; i < pixels.Length; i++) sum += pixels[i] * _projection[i * Dimension + d];
                vector[d] = sum;
            }
            return EncodeResult.Ok(vector);
        }
        catch (Exception exception) when (exception is UnknownImageFormatException or InvalidImageContentException)
        {
            return EncodeResult.Failed(exception.Message);
        }
    }
}
