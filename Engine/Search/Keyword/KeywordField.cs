namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// One piece of a product's text under a field name (see <see cref="KeywordFieldNames"/>). Several pieces under
/// the same name are read as one field (their terms and lengths add up), as for the strings of all attributes.
/// </summary>
public readonly record struct KeywordField(string Name, string? Text);
