using System.Numerics.Tensors;
using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>Brute-force retrieval by dot product (rows are unit vectors) for the measurements.</summary>
public static class Retrieval
{
    /// <summary>Share of queries with a row of their label among the <paramref name="k"/> best gallery rows.</summary>
    public static double HitRate(VectorRows queries, IReadOnlyList<string> queryLabels, VectorRows gallery, IReadOnlyList<string> galleryLabels, int k)
    {
        var hits = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var scores = new float[gallery.Count];
            for (var g = 0; g < gallery.Count; g++) scores[g] = TensorPrimitives.Dot(queries.Row(q), gallery.Row(g));
            var best = Enumerable.Range(0, gallery.Count).OrderByDescending(g => scores[g]).Take(k);
            if (best.Any(g => galleryLabels[g] == queryLabels[q])) hits++;
        }
        return (double)hits / queries.Count;
    }
}
