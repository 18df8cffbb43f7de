using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Tests.Search;

public class ShardFanOutTests
{
    private static IReadOnlyList<IReadOnlyList<SearchHit>> One(params SearchHit[] hits) => [hits];

    [Fact]
    public async Task All_shards_answer_and_the_merge_is_global()
    {
        var (results, failures) = await ShardFanOut.SearchAsync(3, [2],
            (shard, _) => Task.FromResult(One(new SearchHit($"s{shard}", shard / 10f, null, null, shard))),
            TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);

        Assert.Empty(failures);
        Assert.False(results[0].Partial);
        Assert.Equal(new[] { "s2", "s1" }, results[0].Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_failing_shard_and_a_silent_shard_are_named_and_the_answer_is_partial()
    {
        var never = new TaskCompletionSource<IReadOnlyList<IReadOnlyList<SearchHit>>>();
        var (results, failures) = await ShardFanOut.SearchAsync(4, [10],
            (shard, _) => shard switch
            {
                1 => Task.FromException<IReadOnlyList<IReadOnlyList<SearchHit>>>(new InvalidOperationException("silo down")),
                3 => never.Task,
                _ => Task.FromResult(One(new SearchHit($"s{shard}", 1f, null, null, shard))),
            },
            TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);

        Assert.True(results[0].Partial);
        Assert.Equal(new[] { 1, 3 }, results[0].MissingShards);
        Assert.Equal(new[] { "s0", "s2" }, results[0].Hits.Select(h => h.Id));
        Assert.Contains(failures, f => f.Shard == 1 && f.Reason.Contains("silo down"));
        Assert.Contains(failures, f => f.Shard == 3 && f.Reason.Contains("200 ms"));
    }

    [Fact]
    public async Task A_deleted_collection_is_not_reported_as_a_partial_answer()
    {
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => ShardFanOut.SearchAsync(2, [1],
            (_, _) => Task.FromException<IReadOnlyList<IReadOnlyList<SearchHit>>>(new CollectionNotFoundException("gone")),
            TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None));
    }
}
