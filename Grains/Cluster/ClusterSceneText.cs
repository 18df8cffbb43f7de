using System.Collections.Immutable;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Grains.Cluster;

/// <summary>Scene text (OCR) read by the cluster's scene-text grain, for ingestion and photo uploads.</summary>
public sealed class ClusterSceneText(IGrainFactory grains) : ISceneTextReader
{
    public async Task<IReadOnlyList<ImmutableArray<SceneTextString>>> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken = default) =>
        [.. (await grains.GetGrain<ISceneTextGrain>(0).ReadLines([.. photos], cancellationToken)).Select(SceneTextWire.FromWire)];
}
