namespace UmsOrleans.Contracts;

/// <summary>One candidate regularisation of a training and its held-out top-1 and mean average precision (fractions).</summary>
[GenerateSerializer, Immutable, Alias("ums.AdapterValidationScore")]
public sealed record AdapterValidationScore(
    [property: Id(0)] double Regularisation,
    [property: Id(1)] double TopOne,
    [property: Id(2)] double MeanAveragePrecision);
