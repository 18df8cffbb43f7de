using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Engine.Encoders;

/// <summary>One image's outcome from an encoder: a vector of the model's image space, or why it was refused.</summary>
public sealed record EncodedImage(SpaceVector? Vector, string? Error)
{
    /// <summary>The vector, or an <see cref="InvalidImageException"/> naming <paramref name="field"/> (for a 400).</summary>
    public SpaceVector Require(string field) => Vector ?? throw new InvalidImageException(Error ?? "the image was refused.", field);
}
