using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Gateway.Api;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>A one-silo cluster whose catalog store is a PostgreSQL server that is shutting down.</summary>
public sealed class UnavailableStoreClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("store-down");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterCatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync() =>
        (Cluster, Catalog) = await TestClusterFixture.StartAsync(1, _dataDirectory,
            silo => silo.Services.Replace(ServiceDescriptor.Singleton<ICatalogStore, UnavailableCatalogStore>()));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <summary>
/// A store failure inside a grain reaches the caller with the store's own message (not "Could not find a codec
/// for type Npgsql.PostgresException"), and the HTTP API answers it with 503.
/// </summary>
public sealed class StoreFailureTests(UnavailableStoreClusterFixture fixture) : IClassFixture<UnavailableStoreClusterFixture>
{
    private static readonly CollectionSpec Spec = new($"down-{Guid.NewGuid():N}", 2, [new VectorSpace("image", 2)]);

    [Fact]
    public async Task A_collection_read_fails_with_the_store_message()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => fixture.Catalog.GetCollectionAsync(Spec.Name));

        Assert.Contains(UnavailableCatalogStore.ServerMessage, exception.Message);
        Assert.Contains("the catalog store is unavailable", exception.Message);
        Assert.NotNull(StoreFailureProblems.MessageOf(exception));
    }

    [Fact]
    public async Task A_product_read_through_a_shard_fails_with_the_store_message()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => fixture.Catalog.GetProductAsync(Spec, "p1"));

        Assert.Contains(UnavailableCatalogStore.ServerMessage, exception.Message);
    }

    [Fact]
    public async Task A_write_that_the_store_refuses_reports_the_store_message_for_each_item()
    {
        var product = new ProductRecord("p1", "one", null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", [1f, 0f])]);

        var results = await fixture.Catalog.UpsertAsync(Spec, [product]);

        var result = Assert.Single(results);
        Assert.False(result.Committed);
        Assert.Contains(UnavailableCatalogStore.ServerMessage, result.Error);
    }

    [Fact]
    public async Task The_http_api_answers_a_store_failure_with_503_and_its_message()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => fixture.Catalog.GetCollectionAsync(Spec.Name));
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };

        Assert.True(await new StoreFailureProblems().TryHandleAsync(context, exception, CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Contains(UnavailableCatalogStore.ServerMessage, problem.RootElement.GetProperty("detail").GetString());
        Assert.False(await new StoreFailureProblems().TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None));
    }
}
