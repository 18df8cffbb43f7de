using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Tests.Encoders;

/// <summary>The default model loaded once on the CPU for every test of a class.</summary>
public sealed class DefaultModelFixture : IAsyncLifetime
{
    public EncoderHost Host { get; } = new(
        new ManifestRegistry(Options.Create(new EncodingOptions())),
        Options.Create(new EncodingOptions { Device = "cpu" }),
        TimeProvider.System,
        NullLogger<EncoderHost>.Instance);

    public ModelEncoder Model => Host.Get(ManifestRegistry.DefaultModel);

    public Task InitializeAsync() => Task.Run(() => _ = Model);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
