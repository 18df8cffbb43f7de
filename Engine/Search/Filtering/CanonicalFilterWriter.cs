using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// Writes a filter tree as compact JSON in one fixed form (empty lists left out, range bounds in the order
/// gte, gt, lte, lt, the category shorthand written as a match), which <see cref="FilterParser"/> reads back
/// into an equal tree.
/// </summary>
internal static class CanonicalFilterWriter
{
    public static string Write(FilterClause root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteClause(writer, root);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteClause(Utf8JsonWriter writer, FilterClause clause)
    {
        writer.WriteStartObject();
        switch (clause)
        {
            case BoolClause node:
                WriteList(writer, "must", node.Must);
                WriteList(writer, "should", node.Should);
                WriteList(writer, "mustNot", node.MustNot);
                break;
            case MatchCondition match:
                writer.WriteString("key", match.Key.ToString());
                writer.WritePropertyName("match");
                match.Value.WriteTo(writer);
                break;
            case InCondition any:
                writer.WriteString("key", any.Key.ToString());
                writer.WriteStartArray("in");
                foreach (var value in any.Values) value.WriteTo(writer);
                writer.WriteEndArray();
                break;
            case RangeCondition range:
                writer.WriteString("key", range.Key.ToString());
                writer.WriteStartObject("range");
                if (range.Gte is { } gte) writer.WriteNumber("gte", gte);
                if (range.Gt is { } gt) writer.WriteNumber("gt", gt);
                if (range.Lte is { } lte) writer.WriteNumber("lte", lte);
                if (range.Lt is { } lt) writer.WriteNumber("lt", lt);
                writer.WriteEndObject();
                break;
            case ExistsCondition exists:
                writer.WriteString("key", exists.Key.ToString());
                writer.WriteBoolean("exists", exists.Exists);
                break;
            default:
                throw new ArgumentException($"unknown filter clause {clause.GetType().Name}.", nameof(clause));
        }
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, ImmutableArray<FilterClause> clauses)
    {
        if (clauses.IsEmpty) return;
        writer.WriteStartArray(name);
        foreach (var clause in clauses) WriteClause(writer, clause);
        writer.WriteEndArray();
    }
}
