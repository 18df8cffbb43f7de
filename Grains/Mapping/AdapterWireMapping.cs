using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using Wire = UmsOrleans.Contracts;

namespace UmsOrleans.Grains.Mapping;

/// <summary>Stored adapters between the engine's records and the wire records the registry grain answers with.</summary>
public static class AdapterWireMapping
{
    public static Wire.AdapterInfo ToWire(this StoredAdapter a) =>
        new(a.Collection, a.Version, (byte)a.Kind, a.Label, a.TargetSpace, a.TargetDimension, [.. a.SourceSpaces], a.Training.Method,
            a.Training.Regularisation, a.Training.Vectors, a.Training.Labels, a.Training.Pairs,
            [.. a.Validation.Select(v => new Wire.AdapterValidationScore(v.Regularisation, v.TopOne, v.MeanAveragePrecision))], a.Seed, a.CreatedAt, a.Bytes);

    public static StoredAdapter ToEngine(this Wire.AdapterInfo a) =>
        new(a.Collection, a.Version, (AdapterKind)a.Kind, a.Label, a.TargetSpace, a.TargetDimension, a.SourceSpaces,
            new AdapterTraining(a.Method, a.Regularisation, a.Vectors, a.Labels, a.Pairs),
            [.. a.Validation.Select(v => new ValidationScore(v.Regularisation, v.TopOne, v.MeanAveragePrecision))], a.Seed, a.CreatedAt, a.Bytes);
}
