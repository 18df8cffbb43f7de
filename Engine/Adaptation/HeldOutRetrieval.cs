using System.Numerics.Tensors;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// The validation measure: each query (unit vector) ranks the gallery by dot product; top-1 is the share of
/// queries whose best gallery row has the query's label, MAP the mean average precision over the ranking.
/// </summary>
internal static class HeldOutRetrieval
{
    public static (double TopOne, double MeanAveragePrecision) Score(VectorRows queries, int[] queryLabels, VectorRows gallery, int[] galleryLabels)
    {
        var topOne = new double[queries.Count];
        var precision = new double[queries.Count];
        Parallel.For(0, queries.Count, q =>
        {
            var scores = new float[gallery.Count];
            for (var g = 0; g < gallery.Count; g++) scores[g] = TensorPrimitives.Dot(queries.Row(q), gallery.Row(g));
            var order = Enumerable.Range(0, gallery.Count).OrderByDescending(g => scores[g]).ThenBy(g => g).ToArray();
            topOne[q] = order.Length > 0 && galleryLabels[order[0]] == queryLabels[q] ? 1 : 0;
            var relevant = 0;
            var sum = 0.0;
            for (var rank = 0; rank < order.Length; rank++)
            {
                if (galleryLabels[order[rank]] != queryLabels[q]) continue;
                relevant++;
                sum += (double)relevant / (rank + 1);
            }
            precision[q] = relevant == 0 ? 0 : sum / relevant;
        });
        return (topOne.Average(), precision.Average());
    }
}
