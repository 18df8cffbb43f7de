using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Tests.Content;

/// <summary>An encoder call that times out fails the products it carried, as retryable, and nothing else.</summary>
public sealed class EncoderFailureTests
{
    [Fact]
    public async Task A_timed_out_encoder_fails_its_products_as_transient_while_bad_photos_stay_rejected()
    {
        var builder = new ProductBuilder(new TimingOutEncoder(), new Thumbnailer(new EncodingOptions().ImageLimits));
        var spec = new CollectionSpec("c", 1, [new VectorSpace("image", 512), new VectorSpace("text", 384)], ManifestRegistry.DefaultModel);
        var photo = await File.ReadAllBytesAsync(GroceryLines.ImagePath("train_Banana_001"));

        var built = await builder.BuildAsync(spec, [
            new ProductDraft("a", "Banana", null, null, [], [], [new DraftPhoto(photo)], "products[0]"),
            new ProductDraft("b", null, null, null, [], [], [new DraftPhoto("not a photo"u8.ToArray())], "products[1]"),
        ]);

        Assert.Null(built[0].Product);
        Assert.True(built[0].Error!.Transient);
        Assert.Equal("products[0].id", built[0].Error!.Field);
        Assert.False(built[1].Error!.Transient);
        Assert.Equal("products[1].image", built[1].Error!.Field);
    }

    /// <summary>The default model's real manifest; every encode call fails as a call past Orleans's response timeout does.</summary>
    private sealed class TimingOutEncoder : IContentEncoder
    {
        private readonly ManifestRegistry _manifests = new(Options.Create(new EncodingOptions()));

        public ModelManifest GetManifest(string model) => _manifests.Resolve(model);

        public Task<IReadOnlyList<EncodedImage>> EncodeImagesAsync(string model, IReadOnlyList<byte[]> encodedImages, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<EncodedImage>>(new TimeoutException("Response did not arrive on time"));

        public Task<IReadOnlyList<SpaceVector>> EncodeTextsAsync(string model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromException<IReadOnlyList<SpaceVector>>(new TimeoutException("Response did not arrive on time"));
    }
}
