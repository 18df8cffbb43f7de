using System.Text.Json;
using System.Text.RegularExpressions;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Says what is wrong with a JSON body in the API's own terms: what the value at the path should have been
/// ("must be an integer"), an unknown field, or where the JSON stops being JSON. System.Text.Json's own
/// messages name .NET types (<c>UmsOrleans.Gateway.Api.UpsertProductsRequest</c>), which mean nothing to a client.
/// </summary>
public static partial class JsonErrors
{
    [GeneratedRegex(@"could not be converted to (?<type>.+?)\.(?: Path:|$)")]
    private static partial Regex ConversionPattern();

    [GeneratedRegex(@"The JSON property '(?<name>.*?)' could not be mapped")]
    private static partial Regex UnknownFieldPattern();

    [GeneratedRegex(@"Cannot get the value of a token type '\w+' as a (?<kind>\w+)\.")]
    private static partial Regex TokenKindPattern();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<type>.+)\]$")]
    private static partial Regex NullablePattern();

    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        // A record's constructor parameter is reported with the record's type; the inner error names the kind read.
        if (exception.InnerException is InvalidOperationException inner && TokenKindPattern().Match(inner.Message) is { Success: true } token)
        {
            return token.Groups["kind"].Value switch
            {
                "string" => "must be a string.",
                "number" => "must be a number.",
                "boolean" => "must be true or false.",
                _ => "has the wrong JSON type.",
            };
        }
        if (ConversionPattern().Match(message) is { Success: true } conversion) return $"must be {Expected(conversion.Groups["type"].Value)}.";
        if (UnknownFieldPattern().Match(message) is { Success: true } unknown) return $"'{unknown.Groups["name"].Value}' is not a field of this request.";
        if (exception.LineNumber is { } line && exception.BytePositionInLine is { } position)
        {
            return $"is not valid JSON (line {line + 1}, byte {position + 1} of that line).";
        }
        return "does not have the shape this request expects.";
    }

    /// <summary>The JSON kind a .NET target type reads from.</summary>
    private static string Expected(string typeName)
    {
        if (NullablePattern().Match(typeName) is { Success: true } nullable) typeName = nullable.Groups["type"].Value;
        return typeName switch
        {
            "System.String" or "System.Char" or "System.Guid" or "System.DateTime" or "System.DateTimeOffset" or "System.TimeSpan" => "a string",
            "System.Boolean" => "true or false",
            "System.Byte" or "System.SByte" or "System.Int16" or "System.UInt16" or "System.Int32" or "System.UInt32" or "System.Int64" or "System.UInt64" => "an integer",
            "System.Half" or "System.Single" or "System.Double" or "System.Decimal" => "a number",
            _ when typeName.EndsWith("[]", StringComparison.Ordinal) || typeName.Contains("List`", StringComparison.Ordinal)
                || typeName.Contains("ImmutableArray`", StringComparison.Ordinal) || typeName.Contains("Enumerable`", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }
}
