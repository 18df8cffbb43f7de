using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>The test models evaluation grains can ask for: the pixel projection, and one that waits at a gate.</summary>
public sealed class TestEncoderFactory : IEvaluationEncoderFactory
{
    public const string Blocking = "test-blocking";

    public GatedEncoder Gated { get; } = new();

    public IEvaluationEncoder Create(string model) => model switch
    {
        Blocking => Gated,
        _ when model == new PixelProjectionEncoder().Model => new PixelProjectionEncoder(),
        _ => throw new ArgumentException($"unknown test model '{model}'."),
    };
}

/// <summary>An encoder whose first call signals <see cref="Entered"/> and then waits until cancelled: a barrier for cancel tests.</summary>
public sealed class GatedEncoder : IEvaluationEncoder
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public string Model => TestEncoderFactory.Blocking;

    public int? ImageDimension => 4;

    public int? TextDimension => null;

    public async Task<IReadOnlyList<EncodeResult>> EncodeImagesAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public Task<IReadOnlyList<EncodeResult>> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
