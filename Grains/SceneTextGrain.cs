using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Grains.Cluster;
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
    public async Task<ImmutableArray<ImmutableArray<SceneTextLine>>> ReadLines(ImmutableArray<byte[]> photos, CancellationToken cancellationToken = default) =>
        [.. (await ReadAsync(photos, cancellationToken)).Select(lines => SceneTextWire.ToWire(lines))];

    private async Task<IReadOnlyList<ImmutableArray<SceneTextString>>> ReadAsync(ImmutableArray<byte[]> photos, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(photos, cancellationToken);
        }
        catch (OcrUnavailableException exception)
        {
            throw new InvalidOperationException(exception.Message);
        }
    }
}
