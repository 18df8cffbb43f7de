using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>A catalog line that could not become a product, and why.</summary>
public sealed record IngestFailure(int LineNumber, string? Id, string Reason);

/// <summary>
/// The products of a catalog file. A line is a product, unless lines carry the grouping field (<c>productId</c> by
/// default, or any field named by the caller, e.g. <c>label</c>): lines with the same value of it are one product
/// whose id is that value, whose photos are the lines' images in file order, and whose texts and attributes come
/// from the first line that has them. Grouping needs every line before the first product, so a grouped catalog is
/// read whole (its lines, not its photos); an ungrouped one streams.
/// </summary>
public static class CatalogProducts
{
    public const string DefaultGroupField = "productId";

    /// <summary>
    /// Whether any line of the file carries <paramref name="groupField"/>, and how many products the file holds. Only
    /// lines that mention the field's name are parsed, so an ungrouped catalog is not parsed twice.
    /// </summary>
    public static (bool Grouped, int Products) Survey(string path, string groupField)
    {
        var singles = 0;
        var groups = new HashSet<string>(StringComparer.Ordinal);
        var quotedField = $"\"{groupField}\"";
        var lineNumber = 0;
        foreach (var text in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!text.Contains(quotedField, StringComparison.Ordinal))
            {
                singles++;
                continue;
            }
            var (line, _) = CatalogLine.Parse(lineNumber, text);
            if (line is not null && GroupOf(line, groupField) is { } group) groups.Add(group);
            else singles++;
        }
        return (groups.Count > 0, singles + groups.Count);
    }

    /// <summary>The file's products (or failures) in file order; grouped products at their first line.</summary>
    public static IEnumerable<(CatalogLine? Product, IngestFailure? Failure)> Read(string path, string groupField, bool grouped, int maxPhotos)
    {
        var lines = Parse(path);
        if (!grouped)
        {
            foreach (var item in lines) yield return Checked(item, maxPhotos);
            yield break;
        }
        var order = new List<object>(); // a single line's result, or a group's key
        var members = new Dictionary<string, List<CatalogLine>>(StringComparer.Ordinal);
        foreach (var item in lines)
        {
            if (item.Product is { } line && GroupOf(line, groupField) is { } group)
            {
                if (!members.TryGetValue(group, out var list))
                {
                    members[group] = list = [];
                    order.Add(group);
                }
                list.Add(line);
            }
            else
            {
                order.Add(item);
            }
        }
        foreach (var entry in order)
        {
            yield return entry is string group
                ? Checked((Merge(group, groupField, members[group]), null), maxPhotos)
                : Checked(((CatalogLine?, IngestFailure?))entry, maxPhotos);
        }
    }

    private static IEnumerable<(CatalogLine? Product, IngestFailure? Failure)> Parse(string path)
    {
        var lineNumber = 0;
        foreach (var text in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var (line, error) = CatalogLine.Parse(lineNumber, text);
            yield return line is null ? (null, new IngestFailure(lineNumber, null, error!)) : (line, null);
        }
    }

    private static (CatalogLine?, IngestFailure?) Checked((CatalogLine? Product, IngestFailure? Failure) item, int maxPhotos) =>
        item.Product is { } product && product.Images.Length > maxPhotos
            ? (null, new IngestFailure(product.LineNumber, product.Id, $"'images': the product has {product.Images.Length} photos; at most {maxPhotos} are accepted (setting MaxPhotosPerProduct)."))
            : item;

    private static string? GroupOf(CatalogLine line, string groupField) =>
        line.Attributes.TryGetValue(groupField, out var value) && value.Kind is not AttributeKind.List ? value.ToString() : null;

    private static CatalogLine Merge(string id, string groupField, List<CatalogLine> lines) => new(
        lines[0].LineNumber,
        id,
        [.. lines.SelectMany(l => l.Images)],
        lines.Select(l => l.Title).FirstOrDefault(t => t is not null),
        lines.Select(l => l.Category).FirstOrDefault(c => c is not null),
        lines.Select(l => l.Description).FirstOrDefault(d => d is not null),
        lines.SelectMany(l => l.Attributes)
            .Where(a => a.Key != groupField)
            .GroupBy(a => a.Key, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));
}
