using System.Collections.Concurrent;
using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A writer of random upserts and deletes over ids <c>item-0</c> to <c>item-{ids − 1}</c> of one space "image", each sent again until
/// acknowledged and then recorded as the expected state, and the brute-force answers over that state: for tests that move shards
/// under writes and check that nothing acknowledged was lost or duplicated.
/// </summary>
internal sealed class AcknowledgedWrites(ClusterCatalog catalog, string collection, int ids, int dimension)
{
    private int _count;

    public ConcurrentDictionary<string, float[]> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>How many writes were acknowledged so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Writes one at a time (<see cref="WriteOneAsync"/>) until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(int seed, CancellationToken stop) => Task.Run(async () =>
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            await WriteOneAsync(random);
            Interlocked.Increment(ref _count);
        }
    });

    /// <summary>Waits until <paramref name="more"/> writes past the ones acknowledged now are acknowledged.</summary>
    public Task MoreAsync(int more)
    {
        var until = Count + more;
        return Poll.UntilAsync(() => Task.FromResult(Count), w => w >= until, TimeSpan.FromSeconds(60), w => $"{w} writes acknowledged, waiting for {until}");
    }

    public ProductRecord Product(string id, Random random) =>
        new(id, null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", RandomVectors.Unit(random, dimension))]);

    /// <summary>Upserts <paramref name="products"/> at once and records them.</summary>
    public async Task SeedAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products)
    {
        Xunit.Assert.All(await catalog.UpsertAsync(spec, products), w => Xunit.Assert.True(w.Committed, w.Error));
        foreach (var product in products) Expected[product.Id] = product.Vectors[0].Values.ToArray();
    }

    /// <summary>
    /// One upsert or delete of a random id, sent again (with the collection's settings read again, as a resharding changes them)
    /// until acknowledged (writes are idempotent). Runs alone, so the expected state is the order the cluster acknowledged them in.
    /// </summary>
    public async Task WriteOneAsync(Random random)
    {
        var id = $"item-{random.Next(ids)}";
        var delete = random.NextDouble() < 0.3;
        var product = Product(id, random);
        for (var attempt = 0; ; attempt++)
        {
            var spec = (await catalog.GetCollectionAsync(collection))!;
            try
            {
                if (delete)
                {
                    await catalog.DeleteProductAsync(spec, id);
                    Expected.TryRemove(id, out _);
                    return;
                }
                if (Xunit.Assert.Single(await catalog.UpsertAsync(spec, [product])).Committed)
                {
                    Expected[id] = product.Vectors[0].Values.ToArray();
                    return;
                }
            }
            catch (Exception exception) when (attempt < 20 && exception is not Xunit.Sdk.XunitException)
            {
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The ids of the <paramref name="k"/> expected products nearest <paramref name="query"/> (ties by id).</summary>
    public HashSet<string> BruteForceTop(float[] query, int k) =>
        Expected.OrderByDescending(p => p.Value.Zip(query, (x, y) => x * y).Sum()).ThenBy(p => p.Key, StringComparer.Ordinal).Take(k).Select(p => p.Key).ToHashSet();

    public static ShardQuery Query(float[] vector, int k) => new([new QueryVector("image", 1f, SpaceVector.FromFloats("image", vector).Data)], k);
}
