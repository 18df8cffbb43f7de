using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Engine.Evaluation.Progress;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// What one evaluation run carries from direction to direction: what it runs with (id, settings, encoder,
/// progress) and what it has gathered so far (skipped items, counts, the temporary collections still to drop,
/// the sets already encoded), and where its photos' scene text comes from. Disposing it deletes the encoded sets' spool files.
/// </summary>
internal sealed class EvaluationRun(string id, EvaluationSettings settings, IEvaluationEncoder encoder, ProgressTracker progress, SceneTextSupply sceneText) : IDisposable
{
    public string Id => id;

    public EvaluationSettings Settings => settings;

    public IEvaluationEncoder Encoder => encoder;

    public ProgressTracker Progress => progress;

    public CancellationToken Token => progress.Token;

    public SceneTextSupply SceneText => sceneText;

    public SkipLog Skips { get; } = new();

    /// <summary>The report's counts by name (gallery and query sizes per direction, skipped items).</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Temporary collections created and not dropped yet.</summary>
    public List<CollectionSpec> Collections { get; } = [];

    public EncodedSets EncodedSets { get; } = new();

    public void Dispose() => EncodedSets.Dispose();
}
