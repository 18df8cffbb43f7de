using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Tests.Encoders;

/// <summary>The default model as the build output ships it.</summary>
internal static class DefaultModelFiles
{
    public static ModelManifest Manifest { get; } = new ManifestRegistry(Options.Create(new EncodingOptions())).Resolve(ManifestRegistry.DefaultModel);
}
