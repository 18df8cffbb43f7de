namespace UmsOrleans.Contracts;

/// <summary>
/// Train an adapter for a collection: the kind (<c>adapt</c> or <c>align</c>), the label (<c>product</c> or
/// <c>attributes.&lt;name&gt;</c>), the seed, and for align the method (<c>cca</c>, <c>ridge</c>; null: cca) and the
/// text space (null: <c>text</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.AdapterTrainingRequest")]
public sealed record AdapterTrainingRequest(
    [property: Id(0)] string Collection,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Label,
    [property: Id(3)] int Seed,
    [property: Id(4)] string? Method = null,
    [property: Id(5)] string? TextSpace = null);
