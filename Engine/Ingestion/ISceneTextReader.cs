using System.Collections.Immutable;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>Reads the text in photos (OCR): per photo, its lines in reading order.</summary>
public interface ISceneTextReader
{
    /// <exception cref="Encoders.Ocr.OcrUnavailableException">The OCR models cannot be had (no npm, no models folder).</exception>
    Task<IReadOnlyList<ImmutableArray<string>>> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken = default);
}
