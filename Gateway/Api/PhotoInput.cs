using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// A photo's bytes from a request: base64 (a <c>data:</c> URL prefix is allowed), a file under the data root,
/// or a multipart file part. Sizes are checked before anything is decoded or read.
/// </summary>
public static class PhotoInput
{
    public static (byte[]? Bytes, FieldError? Error) FromBase64(string text, string field, int maxBytes)
    {
        var comma = text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? text.IndexOf(',') : -1;
        var payload = comma >= 0 ? text.AsSpan(comma + 1) : text.AsSpan();
        if ((long)payload.Length / 4 * 3 > maxBytes + 3L) return (null, new FieldError(field, $"the image is larger than {maxBytes} bytes."));
        var bytes = new byte[payload.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var written)) return (null, new FieldError(field, "is not valid base64."));
        if (written == 0) return (null, new FieldError(field, "the image is empty."));
        return (bytes[..written], null);
    }

    public static async Task<(byte[]? Bytes, FieldError? Error)> FromPathAsync(DataRoot root, string path, string field, int maxBytes, CancellationToken cancellationToken)
    {
        var (resolved, error) = root.Resolve(path);
        if (error is not null) return (null, new FieldError(field, error));
        try
        {
            var length = new FileInfo(resolved!).Length;
            if (length > maxBytes) return (null, new FieldError(field, $"the image has {length} bytes; at most {maxBytes} are accepted."));
            return (await File.ReadAllBytesAsync(resolved!, cancellationToken), null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, new FieldError(field, "the file cannot be read."));
        }
    }

    public static async Task<(byte[]? Bytes, FieldError? Error)> FromFormFileAsync(IFormFile file, string field, int maxBytes, CancellationToken cancellationToken)
    {
        if (file.Length > maxBytes) return (null, new FieldError(field, $"the image has {file.Length} bytes; at most {maxBytes} are accepted."));
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return (buffer.ToArray(), null);
    }
}
