using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans.Ingestion;

/// <summary>
/// A product as a request or a catalog line gives it, before encoding: its texts, attributes, explicit
/// vectors (already validated and normalised) and the encoded photo bytes. <see cref="FieldPrefix"/> is how
/// errors name the product's fields (<c>products[3]</c>, <c>line 12</c>, or empty for a form upload);
/// <see cref="PhotoField"/> names the field the photo came from (<c>image</c> or <c>imagePath</c>).
/// </summary>
public sealed record ProductDraft(
    string Id,
    string? Title,
    string? Category,
    string? Description,
    ImmutableDictionary<string, string> Attributes,
    ImmutableArray<SpaceVector> Vectors,
    byte[]? Photo,
    string FieldPrefix = "",
    string PhotoField = "image")
{
    public string FieldName(string name) => FieldPrefix.Length == 0 ? name : $"{FieldPrefix}.{name}";

    public bool HasVector(string space) => Vectors.Any(v => v.Space == space);
}

/// <summary>
/// Why one product was not built: the field at fault and a message safe to show. <see cref="Transient"/>: the
/// product itself is fine but the model did not answer (retry it); otherwise the input is at fault.
/// </summary>
public sealed record IngestError(string Field, string Message, bool Transient = false);

/// <summary>One draft's outcome: a product ready to write, or the error that rejected it.</summary>
public sealed record BuiltProduct(ProductRecord? Product, IngestError? Error);
