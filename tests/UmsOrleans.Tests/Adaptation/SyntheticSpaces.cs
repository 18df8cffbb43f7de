using System.Numerics.Tensors;
using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>Seeded data whose right projection is known by construction.</summary>
public static class SyntheticSpaces
{
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary><paramref name="count"/> orthonormal directions of a <paramref name="dimension"/>-d space (Gram–Schmidt).</summary>
    public static double[][] OrthonormalDirections(Random random, int dimension, int count)
    {
        var directions = new List<double[]>();
        while (directions.Count < count)
        {
            var v = Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray();
            foreach (var u in directions)
            {
                var dot = v.Zip(u, (a, b) => a * b).Sum();
                for (var i = 0; i < dimension; i++) v[i] -= dot * u[i];
            }
            var norm = Math.Sqrt(v.Sum(x => x * x));
            directions.Add([.. v.Select(x => x / norm)]);
        }
        return [.. directions];
    }

    /// <summary>
    /// Labeled vectors: each label's mean lies in the span of <see cref="LabeledSpace.Signal"/> (spread 1);
    /// every vector also moves strongly (σ = 4) along the <see cref="LabeledSpace.Nuisance"/> directions,
    /// which say nothing about the label, plus a little isotropic noise (σ = 0.05).
    /// </summary>
    public sealed class LabeledSpace
    {
        private readonly Random _random;
        private readonly double[][] _labelMeans;

        public LabeledSpace(int seed, int dimension, int labels, int signal, int nuisance)
        {
            _random = new Random(seed);
            Dimension = dimension;
            var directions = OrthonormalDirections(_random, dimension, signal + nuisance);
            Signal = directions[..signal];
            Nuisance = directions[signal..];
            _labelMeans = [.. Enumerable.Range(0, labels).Select(_ => Combine(Signal, 1.0))];
        }

        public int Dimension { get; }

        public double[][] Signal { get; }

        public double[][] Nuisance { get; }

        public (VectorRows Vectors, string[] Labels) Sample(int perLabel)
        {
            var rows = new List<float[]>();
            var labels = new List<string>();
            for (var c = 0; c < _labelMeans.Length; c++)
            {
                for (var i = 0; i < perLabel; i++)
                {
                    var nuisance = Combine(Nuisance, 4.0);
                    rows.Add([.. Enumerable.Range(0, Dimension).Select(j => (float)(_labelMeans[c][j] + nuisance[j] + 0.05 * Gaussian(_random)))]);
                    labels.Add($"label-{c}");
                }
            }
            return (VectorRows.From(rows), [.. labels]);
        }

        private double[] Combine(double[][] directions, double spread)
        {
            var result = new double[Dimension];
            foreach (var direction in directions)
            {
                var weight = spread * Gaussian(_random);
                for (var j = 0; j < Dimension; j++) result[j] += weight * direction[j];
            }
            return result;
        }
    }

    /// <summary>
    /// Photo and text vectors made from one hidden latent by two fixed random linear maps, plus noise; a
    /// pair's latent is its group's latent plus a jitter, so a fresh latent gives a fresh, matching pair.
    /// </summary>
    public sealed class PairedSpaces(int seed, int photoDimension, int textDimension, int latent)
    {
        private readonly Random _random = new(seed);
        private double[,]? _photoMap;
        private double[,]? _textMap;

        public (VectorRows Photos, VectorRows Texts, string[] Groups) Sample(int groups, int perGroup, double jitter)
        {
            _photoMap ??= RandomMap(photoDimension);
            _textMap ??= RandomMap(textDimension);
            var photos = new List<float[]>();
            var texts = new List<float[]>();
            var names = new List<string>();
            for (var g = 0; g < groups; g++)
            {
                var center = Enumerable.Range(0, latent).Select(_ => Gaussian(_random)).ToArray();
                for (var i = 0; i < perGroup; i++)
                {
                    var z = center.Select(v => v + jitter * Gaussian(_random)).ToArray();
                    photos.Add(Through(_photoMap, z));
                    texts.Add(Through(_textMap, z));
                    names.Add($"group-{g}");
                }
            }
            return (VectorRows.From(photos), VectorRows.From(texts), [.. names]);
        }

        private double[,] RandomMap(int dimension)
        {
            var map = new double[dimension, latent];
            for (var i = 0; i < dimension; i++)
            {
                for (var k = 0; k < latent; k++) map[i, k] = Gaussian(_random);
            }
            return map;
        }

        private float[] Through(double[,] map, double[] z)
        {
            var result = new float[map.GetLength(0)];
            for (var i = 0; i < result.Length; i++)
            {
                var sum = 0.2 * Gaussian(_random);
                for (var k = 0; k < z.Length; k++) sum += map[i, k] * z[k];
                result[i] = (float)sum;
            }
            return result;
        }
    }

    /// <summary>Each row scaled to unit length (what cosine retrieval on the raw space sees).</summary>
    public static VectorRows Normalized(VectorRows rows)
    {
        var data = (float[])rows.Data.Clone();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = data.AsSpan(i * rows.Dimension, rows.Dimension);
            var norm = TensorPrimitives.Norm(row);
            TensorPrimitives.Divide(row, norm, row);
        }
        return new VectorRows(data, rows.Dimension);
    }
}
