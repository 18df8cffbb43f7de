using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// What a training run groups a collection's photos by: <c>product</c> (a product's photos belong together) or
/// <c>attributes.&lt;name&gt;</c> (products with the same string value of that attribute belong together).
/// </summary>
public sealed record TrainingLabel
{
    public const string Product = "product";
    public const string AttributePrefix = "attributes.";

    private TrainingLabel(string text, string? attribute)
    {
        Text = text;
        Attribute = attribute;
    }

    /// <summary>The label as written in a request and stored with the adapter.</summary>
    public string Text { get; }

    /// <summary>The attribute's name, or null for <c>product</c>.</summary>
    public string? Attribute { get; }

    public bool IsProduct => Attribute is null;

    public static bool TryParse(string? text, out TrainingLabel label)
    {
        label = null!;
        if (text == Product)
        {
            label = new TrainingLabel(Product, null);
            return true;
        }
        if (text is null || !text.StartsWith(AttributePrefix, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(text[AttributePrefix.Length..])) return false;
        label = new TrainingLabel(text, text[AttributePrefix.Length..]);
        return true;
    }

    /// <summary>The product's label: its id, or its string value of the attribute (null when it has none, or not a string).</summary>
    public string? Of(ProductRecord product) =>
        Attribute is null ? product.Id
        : product.Attributes.TryGetValue(Attribute, out var value) && value.Kind == AttributeKind.String ? value.Text
        : null;

    public override string ToString() => Text;
}
