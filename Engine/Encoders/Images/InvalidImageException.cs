namespace UmsOrleans.Engine.Encoders.Images;

/// <summary>
/// An image that is refused: too many bytes, pixels or frames, or not decodable. The message is safe to
/// show to the caller (it never holds image bytes); <see cref="Field"/> names the request field when known.
/// </summary>
public sealed class InvalidImageException(string message, string? field = null, Exception? inner = null) : Exception(message, inner)
{
    public string? Field { get; } = field;

    public InvalidImageException WithField(string field) => new(Message, field, InnerException);
}
