namespace UmsOrleans.Importer.Graphs;

/// <summary>
/// Checkpoint tensors as graph initializers under their checkpoint names: each is added the first time a node asks
/// for it, so a weight read twice (the ViT's final norm on both fusion streams) is stored once and a graph holds
/// exactly the weights its nodes use.
/// </summary>
internal sealed class GraphWeights(OnnxGraphBuilder graph, IReadOnlyDictionary<string, CheckpointTensor> tensors)
{
    private readonly HashSet<string> _added = new(StringComparer.Ordinal);

    public string this[string key]
    {
        get
        {
            if (_added.Contains(key)) return key;
            if (!tensors.TryGetValue(key, out var tensor))
            {
                throw new CheckpointImportException($"checkpoint is missing key '{key}', which the graph '{graph.Graph.Name}' needs");
            }
            graph.Initializer(key, tensor.Shape, tensor.Values);
            _added.Add(key);
            return key;
        }
    }

    /// <summary>Row <paramref name="row"/> of a 2-D table (an embedding row), as a [width] vector.</summary>
    public string Row(GraphConstants c, string key, int row) =>
        graph.Node("Gather", $"{key}.row_{row}", [this[key], c.Index(row)], OnnxGraphBuilder.Int("axis", 0));
}
