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
    /// <summary>One item per image, in order: a vector of the model's image space, or why the image was refused.</summary>
    [Alias("EncodeImages")]
    Task<EncodedBatch> EncodeImages(ImmutableArray<byte[]> images, CancellationToken cancellationToken = default);

    /// <summary>One vector of the model's text space per text, in order.</summary>
    [Alias("EncodeTexts")]
    Task<EncodedBatch> EncodeTexts(ImmutableArray<string> texts, CancellationToken cancellationToken = default);
}
