namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>What a condition or a facet looks at: the product's category, or one of its attributes.</summary>
public readonly record struct FilterKey
{
    public const string CategoryKey = "category";
    public const string AttributePrefix = "attributes.";

    private FilterKey(string? attributeName) => AttributeName = attributeName;

    /// <summary>The product's category.</summary>
    public static FilterKey Category => default;

    /// <summary>The attribute's name, or null for the category.</summary>
    public string? AttributeName { get; }

    public bool IsCategory => AttributeName is null;

    public static FilterKey Attribute(string name) =>
        string.IsNullOrEmpty(name) ? throw new ArgumentException("an attribute name is not empty.", nameof(name)) : new FilterKey(name);

    /// <summary>Reads <c>category</c> or <c>attributes.&lt;name&gt;</c>; anything else is not a key.</summary>
    public static bool TryParse(string text, out FilterKey key)
    {
        key = default;
        if (text == CategoryKey) return true;
        if (!text.StartsWith(AttributePrefix, StringComparison.Ordinal) || text.Length == AttributePrefix.Length) return false;
        key = new FilterKey(text[AttributePrefix.Length..]);
        return true;
    }

    /// <summary>The key as written in a request: <c>category</c> or <c>attributes.&lt;name&gt;</c>.</summary>
    public override string ToString() => AttributeName is null ? CategoryKey : AttributePrefix + AttributeName;
}
