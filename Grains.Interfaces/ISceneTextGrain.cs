using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// Reads the text in photos (OCR) on the silo it lives on: per photo, its lines in reading order. Placed on silos
/// that advertise an accelerator when there are any, as the encoders are.
/// </summary>
[Alias("ums.ISceneTextGrain")]
public interface ISceneTextGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Lines per photo, in order, each with its box in the photo (what a scene-text model takes, spec §7.4); a photo that
    /// cannot be decoded has none.
    /// </summary>
    [Alias("readLines"), ResponseTimeout("00:10:00")]
    Task<ImmutableArray<ImmutableArray<SceneTextLine>>> ReadLines(ImmutableArray<byte[]> photos, CancellationToken cancellationToken = default);
}
