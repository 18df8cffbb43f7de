using System.Collections.Immutable;

namespace UmsOrleans;

/// <summary>
/// The evaluation runs started in this cluster, newest last, so the API and the console can list them.
/// Kept in memory: after a restart of its silo the list starts empty (each run's files stay in its folder).
/// </summary>
[Alias("ums.IEvaluationRegistryGrain")]
public interface IEvaluationRegistryGrain : IGrainWithIntegerKey
{
    [Alias("register")]
    Task Register(string runId);

    [Alias("list")]
    Task<ImmutableArray<string>> List();
}
