namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// Evaluates a filter tree column by column: each condition scans its key's column once into a bitmap over all
/// slots, and the tree combines bitmaps word-wise (AND for must, OR for should, AND-NOT for mustNot).
/// </summary>
internal static class FilterEvaluator
{
    public static ProductMask Evaluate(FilterClause clause, AttributeColumns columns, int productCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(productCount);
        return clause switch
        {
            BoolClause node => EvaluateBool(node, columns, productCount),
            FilterCondition condition => EvaluateCondition(condition, columns, productCount),
            _ => throw new ArgumentException($"unknown filter clause {clause.GetType().Name}.", nameof(clause)),
        };
    }

    private static ProductMask EvaluateBool(BoolClause node, AttributeColumns columns, int productCount)
    {
        ProductMask? result = null;
        foreach (var clause in node.Must)
        {
            var mask = Evaluate(clause, columns, productCount);
            if (result is null) result = mask;
            else result.IntersectWith(mask);
        }
        if (!node.Should.IsEmpty)
        {
            var any = ProductMask.None(productCount);
            foreach (var clause in node.Should) any.UnionWith(Evaluate(clause, columns, productCount));
            if (result is null) result = any;
            else result.IntersectWith(any);
        }
        result ??= ProductMask.All(productCount);
        foreach (var clause in node.MustNot) result.ExceptWith(Evaluate(clause, columns, productCount));
        return result;
    }

    private static ProductMask EvaluateCondition(FilterCondition condition, AttributeColumns columns, int productCount)
    {
        var mask = ProductMask.None(productCount);
        var words = mask.MutableWords;
        var column = columns.Column(condition.Key);
        switch (condition)
        {
            case MatchCondition match: column?.MarkMatch(match.Value, words); break;
            case InCondition any: column?.MarkIn(any.Values, words); break;
            case RangeCondition range: column?.MarkRange(range, words); break;
            case ExistsCondition exists:
                column?.MarkPresent(words);
                if (!exists.Exists)
                {
                    var absent = ProductMask.All(productCount);
                    absent.ExceptWith(mask);
                    return absent;
                }
                break;
        }
        mask.ClearTail();
        return mask;
    }
}
