namespace UmsOrleans.Contracts;

/// <summary>One line of text read from a photo, with its box in the original photo's pixels (x0, y0 top-left; x1, y1 bottom-right).</summary>
[GenerateSerializer, Immutable, Alias("ums.SceneTextLine")]
public sealed record SceneTextLine(
    [property: Id(0)] string Text,
    [property: Id(1)] float X0,
    [property: Id(2)] float Y0,
    [property: Id(3)] float X1,
    [property: Id(4)] float Y1);
