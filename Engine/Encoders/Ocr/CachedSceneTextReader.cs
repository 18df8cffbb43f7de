using System.Collections.Immutable;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>
/// Scene text of photos through this process's OCR engine, each photo's lines cached by its content hash. A photo
/// the engine cannot decode reads as no lines (its encoder reports the bad photo).
/// </summary>
public sealed class CachedSceneTextReader(OcrEngineProvider engines, SceneTextCache cache) : ISceneTextReader
{
    public async Task<IReadOnlyList<ImmutableArray<SceneTextString>>> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken = default)
    {
        var keys = photos.Select(SceneTextCache.KeyOf).ToArray();
        var lines = new ImmutableArray<SceneTextString>[photos.Count];
        var missing = new List<int>();
        for (var i = 0; i < photos.Count; i++)
        {
            if (cache.TryGet(keys[i], out var known)) lines[i] = known;
            else missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var engine = await engines.GetAsync(cancellationToken);
            var results = await Task.Run(() => engine.Read([.. missing.Select(i => photos[i])]), cancellationToken);
            for (var j = 0; j < missing.Count; j++)
            {
                var read = results[j].Lines.Where(l => l.Text.Length > 0).Select(SceneTextString.FromLine).ToImmutableArray();
                lines[missing[j]] = read;
                if (results[j].Error is null) cache.Add(keys[missing[j]], read);
            }
        }
        return lines;
    }
}
