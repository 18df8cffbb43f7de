using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// One facet value and how many products have it. <see cref="Kind"/> keeps the string "42" apart from the
/// number 42, so that a client can send the value back in a <c>match</c> condition with its JSON type;
/// numbers are written as the shortest text that reads back the same, booleans as <c>true</c>/<c>false</c>.
/// </summary>
public sealed record FacetValueCount(string Value, AttributeKind Kind, long Count);
