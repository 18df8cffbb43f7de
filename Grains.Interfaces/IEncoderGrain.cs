using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// Encodes images and texts with one model. Key: <see cref="Routing.EncoderKey"/> (model reference and a
/// replica index). Placed on silos that advertise an accelerator when there are any.
/// </summary>
[Alias("ums.IEncoderGrain")]
public interface IEncoderGrain : IGrainWithStringKey
{
    // Encoding is throughput-bound: on a busy CPU silo a call can wait behind many queued batches for longer
    // than the default 30 s response timeout, which would fail work that is merely queued. Callers cancel
    // through the token instead.

    /// <summary>One item per image, in order: a vector of the model's image space, or why the image was refused.</summary>
    [Alias("EncodeImages"), ResponseTimeout("00:10:00")]
    Task<EncodedBatch> EncodeImages(ImmutableArray<byte[]> images, CancellationToken cancellationToken = default);

    /// <summary>
    /// As above, with each image's scene text for a scene-text model (one entry per image): null = the encoder reads
    /// the photo (OCR on its silo), empty = no text. Pixel-only models ignore it.
    /// </summary>
    [Alias("EncodeImagesWithSceneText"), ResponseTimeout("00:10:00")]
    Task<EncodedBatch> EncodeImages(ImmutableArray<byte[]> images, ImmutableArray<ImmutableArray<SceneTextLine>?> sceneText, CancellationToken cancellationToken = default);

    /// <summary>One vector of the model's text space per text, in order.</summary>
    [Alias("EncodeTexts"), ResponseTimeout("00:10:00")]
    Task<EncodedBatch> EncodeTexts(ImmutableArray<string> texts, CancellationToken cancellationToken = default);
}
