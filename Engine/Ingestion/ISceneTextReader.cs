using System.Collections.Immutable;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>Reads the text in photos (OCR): per photo, its lines in reading order, each with its box in the photo.</summary>
public interface ISceneTextReader
{
    /// <exception cref="Encoders.Ocr.OcrUnavailableException">The OCR models cannot be had (no npm, no models folder).</exception>
    Task<IReadOnlyList<ImmutableArray<SceneTextString>>> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken = default);
}
