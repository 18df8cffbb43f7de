using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// A cancelled search stops scanning: every scan path of <see cref="ShardIndex.SearchBatch"/> (the fused single
/// query, the tiled batch, the int8 codes for small batches, the exact scan of an int8 index for big ones) checks
/// the token before it reads a block, so a cancelled token ends the call with
/// <see cref="OperationCanceledException"/> instead of an answer.
/// </summary>
public sealed class ShardIndexCancellationTests
{
    private const int Dim = 32;

    [Theory]
    [InlineData(false, 1, 1)] // float32, one query in one space: the fused scan
    [InlineData(false, 1, 2)] // float32, one query over two spaces: the tiled scan
    [InlineData(false, 5, 1)] // float32 batch: the tiled scan
    [InlineData(true, 1, 1)] // int8 codes, one query
    [InlineData(true, 5, 1)] // int8 codes, a small batch
    [InlineData(true, ShardIndex.Int8MaxBatch + 1, 1)] // an int8 index scanning a big batch exactly
    public void A_cancelled_token_ends_the_scan_with_OperationCanceledException(bool int8, int queries, int spaces)
    {
        var random = new Random(queries * 10 + spaces);
        var index = Build(random, int8);
        var batch = Enumerable.Range(0, queries).Select(_ => Query(random, spaces)).ToList();

        // The same call with a live token answers, so the cancelled one is refused by the scan, not by the query.
        Assert.All(index.SearchBatch(batch, CancellationToken.None), hits => Assert.Equal(10, hits.Length));
        Assert.Throws<OperationCanceledException>(() => index.SearchBatch(batch, new CancellationToken(canceled: true)));
        if (queries == 1) Assert.Throws<OperationCanceledException>(() => index.Search(batch[0], new CancellationToken(canceled: true)));
    }

    private static ShardIndex Build(Random random, bool int8)
    {
        var index = new ShardIndex([new VectorSpace("a", Dim), new VectorSpace("b", Dim)], int8 ? QuantizationSpec.Int8() : null);
        for (var i = 0; i < 2 * VectorColumn.BlockRows + 17; i++)
        {
            index.Upsert(new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                [SpaceVector.FromFloats("a", RandomVectors.Unit(random, Dim)), SpaceVector.FromFloats("b", RandomVectors.Unit(random, Dim))]));
        }
        return index;
    }

    private static ShardQuery Query(Random random, int spaces) =>
        new([.. new[] { "a", "b" }.Take(spaces).Select(space => RandomVectors.Query(space, 1f, RandomVectors.Unit(random, Dim)))], 10);
}
