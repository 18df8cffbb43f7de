using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// A product as a request or a catalog line gives it, before encoding: its texts, attributes, explicit
/// vectors (already validated and normalised; several per space for several photos) and its photos, in order.
/// <see cref="FieldPrefix"/> is how errors name the product's fields (<c>products[3]</c>, <c>line 12</c>, or empty
/// for a form upload).
/// </summary>
public sealed record ProductDraft(
    string Id,
    string? Title,
    string? Category,
    string? Description,
    ImmutableDictionary<string, AttributeValue> Attributes,
    ImmutableArray<SpaceVector> Vectors,
    ImmutableArray<DraftPhoto> Photos,
    string FieldPrefix = "")
{
    public string FieldName(string name) => JoinField(FieldPrefix, name);

    /// <summary>A field's path in a request body: <c>products[2].image</c>, or just the name at the top level.</summary>
    public static string JoinField(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public bool HasVector(string space) => Vectors.Any(v => v.Space == space);
}

/// <summary>
/// One photo of a draft: its encoded bytes and the field of the product it came from (<c>image</c>, <c>images[2]</c>,
/// <c>imagePaths[0]</c>…), which errors name (under the draft's <see cref="ProductDraft.FieldPrefix"/>).
/// </summary>
public sealed record DraftPhoto(byte[] Bytes, string Field = "image");

/// <summary>
/// Why one product was not built: the field at fault and a message safe to show. <see cref="Transient"/>: the
/// product itself is fine but the model did not answer (retry it); otherwise the input is at fault.
/// </summary>
public sealed record IngestError(string Field, string Message, bool Transient = false);

/// <summary>One draft's outcome: a product ready to write, or the error that rejected it.</summary>
public sealed record BuiltProduct(ProductRecord? Product, IngestError? Error);
