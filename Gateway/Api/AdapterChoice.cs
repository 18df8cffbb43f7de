using System.Text.Json;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Which adapter a search goes through: its <c>adapter</c> field is <c>"active"</c> (the default: the collection's active
/// adapter, if any), <c>"none"</c> (the raw spaces, to compare) or the active adapter's version number. Shards hold the
/// projections of the active adapter only, so another version is refused with what to do instead.
/// </summary>
public static class AdapterChoice
{
    public static (int? Version, FieldError? Error) Resolve(CollectionSpec spec, JsonElement? adapter)
    {
        switch (adapter)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return (spec.ActiveAdapter, null);
            case { ValueKind: JsonValueKind.String } text when text.GetString() == "active":
                return (spec.ActiveAdapter, null);
            case { ValueKind: JsonValueKind.String } text when text.GetString() == "none":
                return (null, null);
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var version) && version == spec.ActiveAdapter:
                return (version, null);
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var version) && version >= 1:
                return (null, new FieldError("adapter", spec.ActiveAdapter is { } active
                    ? $"adapter {version} is not active in collection '{spec.Name}' (adapter {active} is); activate it first, or search with \"active\" or \"none\"."
                    : $"collection '{spec.Name}' has no active adapter; activate version {version} first, or search with \"none\"."));
            default:
                return (null, new FieldError("adapter", "must be \"active\", \"none\" or the active adapter's version number."));
        }
    }
}
