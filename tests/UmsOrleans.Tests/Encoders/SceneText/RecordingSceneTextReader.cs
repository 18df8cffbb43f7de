using System.Collections.Immutable;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>
/// Stands in for the OCR engine (whose models need npm): answers each photo with the lines set for its content, or
/// throws as an engine that cannot be had does, and keeps every photo it was asked to read.
/// </summary>
internal sealed class RecordingSceneTextReader(IReadOnlyDictionary<string, ImmutableArray<SceneTextString>>? linesByPhoto = null, string? unavailable = null) : ISceneTextReader
{
    private readonly List<string> _read = [];

    /// <summary>The content hash of every photo read so far, one entry per read.</summary>
    public IReadOnlyList<string> Read
    {
        get { lock (_read) return [.. _read]; }
    }

    public Task<IReadOnlyList<ImmutableArray<SceneTextString>>> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken = default)
    {
        if (unavailable is not null) throw new OcrUnavailableException(unavailable);
        var keys = photos.Select(SceneTextCache.KeyOf).ToList();
        lock (_read) _read.AddRange(keys);
        return Task.FromResult<IReadOnlyList<ImmutableArray<SceneTextString>>>([.. keys.Select(k => linesByPhoto?.GetValueOrDefault(k) ?? [])]);
    }
}
