namespace UmsOrleans.Engine.Search;

/// <summary>
/// The concurrent searches of one shard, each to the queue that suits it (<see cref="QueryBatcher{TQuery, TResult}"/>): scans
/// share passes over the shard's memory, one pass at a time of up to <paramref name="maxBatch"/> queries; queries through a graph
/// (<see cref="ShardIndex.SearchesGraph"/>) share nothing, so they run one per pass with a pass per core and none waits for
/// another's pass to end.
/// </summary>
public sealed class ShardSearchQueues(ShardIndex index, Func<IReadOnlyList<ShardQuery>, CancellationToken, IReadOnlyList<RankedCandidate[]>> scan, int maxBatch)
{
    private readonly QueryBatcher<ShardQuery, RankedCandidate[]> _scans = new(scan, maxBatch);
    private readonly QueryBatcher<ShardQuery, RankedCandidate[]> _graphs = new(scan, maxBatch: 1, maxPasses: Environment.ProcessorCount);

    public Task<RankedCandidate[]> Submit(ShardQuery query, CancellationToken cancellationToken = default) =>
        (index.SearchesGraph(query) ? _graphs : _scans).Submit(query, cancellationToken);
}
