using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Tests.Content;

/// <summary>The one write path of the HTTP upsert and the catalog ingestor: build, upsert, an outcome per draft. No cluster.</summary>
public sealed class ProductWriterTests
{
    private static readonly CollectionSpec Plain = new("plain", 2, [new VectorSpace("image", 4)]);

    private static readonly ProductWriter Writer = new(new ProductBuilder(new RefusingEncoder(), new Thumbnailer(new EncodingOptions().ImageLimits)));

    [Fact]
    public async Task Every_built_draft_is_upserted_in_order_and_each_gets_its_own_outcome()
    {
        var target = new RecordingTarget(Plain, products => [.. products.Select(p => p.Id == "b"
            ? new ItemWriteResult(p.Id, false, "shard 1 did not commit the write: over budget", OverBudget: true)
            : new ItemWriteResult(p.Id, true, null))]);

        var results = await Writer.WriteAsync(target, [Draft("a", "products[0]", "Oat milk"), Draft("b", "products[1]"), Draft("c", "products[2]")]);

        Assert.Equal(["a", "b", "c"], target.Written.Select(p => p.Id));
        Assert.Equal("Oat milk", target.Written[0].Title);
        Assert.Equal(Draft("a", "").Vectors[0].Data, target.Written[0].Vectors[0].Data);
        Assert.Equal([ProductWriteStatus.Committed, ProductWriteStatus.NotCommitted, ProductWriteStatus.Committed], results.Select(r => r.Status));
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Id));
        Assert.Null(results[0].Error);
        Assert.Equal(new IngestError("products[1]", "shard 1 did not commit the write: over budget", Transient: true), results[1].Error);
        Assert.True(results[1].OverBudget);
        Assert.False(results[2].OverBudget);
    }

    [Theory]
    [InlineData("products[3]", "products[3]")]
    [InlineData("", "id")] // a form upload: one product, fields without a prefix
    public async Task A_product_the_store_does_not_commit_is_named_by_its_prefix_or_its_id_field(string prefix, string field)
    {
        var target = new RecordingTarget(Plain, products => [.. products.Select(p => new ItemWriteResult(p.Id, false, "shard 0 did not commit the write"))]);

        var results = await Writer.WriteAsync(target, [Draft("p", prefix)]);

        Assert.Equal(field, results[0].Error!.Field);
    }

    [Fact]
    public async Task A_store_call_that_throws_fails_every_built_product_as_retryable()
    {
        var target = new RecordingTarget(Plain, _ => throw new InvalidOperationException("connection lost"));

        var results = await Writer.WriteAsync(target, [Draft("a", "line 1"), Draft("b", "line 2")]);

        Assert.All(results, r => Assert.Equal(ProductWriteStatus.NotCommitted, r.Status));
        Assert.All(results, r => Assert.Equal("the write was not committed (InvalidOperationException); run again to retry.", r.Error!.Message));
        Assert.Equal(["line 1", "line 2"], results.Select(r => r.Error!.Field));
    }

    [Fact]
    public async Task A_missing_collection_and_a_cancellation_reach_the_caller_instead_of_failing_products()
    {
        var missing = new RecordingTarget(Plain, _ => throw new CollectionNotFoundException(Plain.Name));
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => Writer.WriteAsync(missing, [Draft("a", "products[0]")]));

        using var cancellation = new CancellationTokenSource();
        var cancelled = new RecordingTarget(Plain, _ =>
        {
            cancellation.Cancel();
            cancellation.Token.ThrowIfCancellationRequested();
            return [];
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Writer.WriteAsync(cancelled, [Draft("a", "products[0]")], cancellationToken: cancellation.Token));
        Assert.Equal(cancellation.Token, cancelled.Token);
    }

    [Fact]
    public async Task With_a_model_an_unanswered_encoder_fails_as_not_encoded_a_bad_photo_is_rejected_and_nothing_is_written()
    {
        var spec = new CollectionSpec("model", 1, [new VectorSpace("image", 512), new VectorSpace("text", 384)], ManifestRegistry.DefaultModel);
        var target = new RecordingTarget(spec, _ => throw new InvalidOperationException("no product should reach the store"));
        var photo = await File.ReadAllBytesAsync(GroceryLines.ImagePath("train_Banana_001"));

        var results = await Writer.WriteAsync(target, [
            new ProductDraft("a", "Banana", null, null, [], [], [new DraftPhoto(photo)], "products[0]"),
            new ProductDraft("b", null, null, null, [], [], [new DraftPhoto("not a photo"u8.ToArray())], "products[1]"),
        ]);

        Assert.Equal([ProductWriteStatus.NotEncoded, ProductWriteStatus.Rejected], results.Select(r => r.Status));
        Assert.Equal("products[0].id", results[0].Error!.Field);
        Assert.Equal("products[1].image", results[1].Error!.Field);
        Assert.Equal(0, target.Calls);
    }

    private static ProductDraft Draft(string id, string prefix, string? title = null) =>
        new(id, title, null, null, [], [SpaceVector.FromFloats("image", [0.6f, 0.8f, 0f, 0f])], Photos: [], prefix);

    private sealed class RecordingTarget(CollectionSpec collection, Func<IReadOnlyList<ProductRecord>, IReadOnlyList<ItemWriteResult>> upsert) : IIngestTarget
    {
        public CollectionSpec Collection => collection;

        public IReadOnlyList<ProductRecord> Written { get; private set; } = [];

        public CancellationToken Token { get; private set; }

        public int Calls { get; private set; }

        public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the writer does not read hashes");

        public Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken)
        {
            Calls++;
            Written = products;
            Token = cancellationToken;
            return Task.FromResult(upsert(products));
        }
    }

    /// <summary>The default model's real manifest; every encode call fails as one past Orleans's response timeout does.</summary>
    private sealed class RefusingEncoder : IContentEncoder
    {
        private readonly ManifestRegistry _manifests = new(Options.Create(new EncodingOptions()));

        public ModelManifest GetManifest(string model) => _manifests.Resolve(model);

        public Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<EncodedImage>>(new TimeoutException("Response did not arrive on time"));

        public Task<IReadOnlyList<SpaceVector>> EncodeTextsAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<SpaceVector>>(new TimeoutException("Response did not arrive on time"));
    }
}
