using UmsOrleans.Contracts;
using UmsOrleans.Encoders.Images;

namespace UmsOrleans.Cluster;

/// <summary>One image's outcome through the cluster: a vector of the model's image space, or why it was refused.</summary>
public sealed record EncodedImage(SpaceVector? Vector, string? Error)
{
    /// <summary>The vector, or an <see cref="InvalidImageException"/> naming <paramref name="field"/> (for a 400).</summary>
    public SpaceVector Require(string field) => Vector ?? throw new InvalidImageException(Error ?? "the image was refused.", field);
}
