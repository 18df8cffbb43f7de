using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Orleans.Concurrency;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Placement;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over this silo's <see cref="EncoderHost"/>. Reentrant: it keeps no state, and concurrent
/// calls must reach the host together so that they share micro-batches. The work runs on the thread pool.
/// </summary>
[Reentrant]
[AcceleratorPlacementFilter]
public sealed class EncoderGrain(EncoderHost host) : Grain, IEncoderGrain
{
    private string Model => EncoderKey.ModelOf(this.GetPrimaryKeyString());

    public Task<EncodedBatch> EncodeImages(ImmutableArray<byte[]> images, CancellationToken cancellationToken = default) =>
        EncodeAsync(images, null, cancellationToken);

    public Task<EncodedBatch> EncodeImages(ImmutableArray<byte[]> images, ImmutableArray<ImmutableArray<SceneTextLine>?> sceneText, CancellationToken cancellationToken = default) =>
        EncodeAsync(images, [.. sceneText.Select(lines => lines is { } known ? SceneTextWire.FromWire(known) : (IReadOnlyList<SceneTextString>?)null)], cancellationToken);

    private async Task<EncodedBatch> EncodeAsync(ImmutableArray<byte[]> images, IReadOnlyList<IReadOnlyList<SceneTextString>?>? sceneText, CancellationToken cancellationToken)
    {
        var encoder = await Task.Run(() => host.Get(Model), cancellationToken);
        var results = await encoder.EncodeImagesAsync(images, sceneText, cancellationToken);
        return new EncodedBatch(encoder.Image!.Space, [.. results.Select(r => new EncodedItem(r.Vector is null ? null : Bytes(r.Vector), r.Error))]);
    }

    public async Task<EncodedBatch> EncodeTexts(ImmutableArray<string> texts, CancellationToken cancellationToken = default)
    {
        var encoder = await Task.Run(() => host.Get(Model), cancellationToken);
        var results = await encoder.EncodeTextsAsync(texts, cancellationToken);
        return new EncodedBatch(encoder.Text!.Space, [.. results.Select(v => new EncodedItem(Bytes(v), null))]);
    }

    private static byte[] Bytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
}
