using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Orleans.Concurrency;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Encoders;
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

    public async Task<EncodedBatch> EncodeImages(ImmutableArray<byte[]> images, CancellationToken cancellationToken = default)
    {
        var encoder = await Task.Run(() => host.Get(Model), cancellationToken);
        var results = await encoder.EncodeImagesAsync(images, cancellationToken);
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
