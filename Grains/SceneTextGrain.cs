using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Grains.Placement;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over this silo's <see cref="CachedSceneTextReader"/>. Reentrant: it keeps no state. An OCR engine that
/// cannot be had crosses the wire as an <see cref="InvalidOperationException"/> with the reason.
/// </summary>
[Reentrant]
[AcceleratorPlacementFilter]
public sealed class SceneTextGrain(CachedSceneTextReader reader) : Grain, ISceneTextGrain
{
    public async Task<ImmutableArray<ImmutableArray<string>>> Read(ImmutableArray<byte[]> photos, CancellationToken cancellationToken = default)
    {
        try
        {
            return [.. await reader.ReadAsync(photos, cancellationToken)];
        }
        catch (OcrUnavailableException exception)
        {
            throw new InvalidOperationException(exception.Message);
        }
    }
}
