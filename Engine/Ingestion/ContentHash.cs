using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// SHA-256 over everything a product's stored form is made from: the model, the photo bytes, the texts, the
/// attributes (sorted) and any explicit vectors. Each part is length-prefixed, so moving text from one
/// field to the next changes the hash. Equal hashes mean re-ingesting would store the same thing.
/// </summary>
public static class ContentHash
{
    public static string Compute(string model, ProductDraft draft)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, "ums-content-v1");
        AppendText(hash, model);
        AppendBytes(hash, draft.Photos.IsEmpty ? null : draft.Photos[0].Bytes);
        AppendText(hash, draft.Title);
        AppendText(hash, draft.Category);
        AppendText(hash, draft.Description);
        foreach (var (key, value) in draft.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            AppendText(hash, key);
            // A string hashes as before attributes had types, so stored hashes of such products still match.
            AppendText(hash, value.Kind == Catalog.AttributeKind.String ? value.Text : $"{value.Kind}:{value}");
        }
        AppendText(hash, "vectors");
        foreach (var vector in draft.Vectors.OrderBy(v => v.Space, StringComparer.Ordinal))
        {
            AppendText(hash, vector.Space);
            AppendBytes(hash, vector.Data);
        }
        // Photos after the first come last, so a product with one photo hashes as before it could have several.
        if (draft.Photos.Length > 1)
        {
            AppendText(hash, "more photos");
            foreach (var photo in draft.Photos.Skip(1)) AppendBytes(hash, photo.Bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendText(IncrementalHash hash, string? text) =>
        AppendBytes(hash, text is null ? null : Encoding.UTF8.GetBytes(text));

    // A null part and an empty one hash differently (length -1 versus 0).
    private static void AppendBytes(IncrementalHash hash, byte[]? bytes)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes?.Length ?? -1);
        hash.AppendData(length);
        if (bytes is not null) hash.AppendData(bytes);
    }
}
