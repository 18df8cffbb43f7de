namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// Which product ids are accepted: 1 to <see cref="CatalogLine.MaxIdLength"/> characters, no '/', no control
/// characters (NUL included) and not '.' or '..'. Every accepted id is addressable as one percent-encoded path
/// segment of <c>/collections/{name}/products/{id}</c>; the refused ones are not (a '/' splits the segment and
/// servers keep it encoded, clients collapse '.' and '..' segments, NUL is refused in URLs), so a product
/// written with one could never be read or deleted by id.
/// </summary>
public static class ProductIdRule
{
    public static string Description => $"must be 1 to {CatalogLine.MaxIdLength} characters, without '/' or control characters, and not '.' or '..' (ids are path segments of /collections/{{name}}/products/{{id}}).";

    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= CatalogLine.MaxIdLength
        && id is not ("." or "..")
        && !id.Contains('/')
        && !id.Any(char.IsControl);
}
