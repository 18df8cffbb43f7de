using System.Collections.Immutable;

namespace UmsOrleans.Grains;

[CollectionAgeLimit(AlwaysActive = true)]
public sealed class EvaluationRegistryGrain : Grain, IEvaluationRegistryGrain
{
    private const int Keep = 200;
    private ImmutableArray<string> _runs = [];

    public Task Register(string runId)
    {
        if (!_runs.Contains(runId)) _runs = _runs.Add(runId);
        if (_runs.Length > Keep) _runs = _runs.RemoveRange(0, _runs.Length - Keep);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(_runs);
}
