using System.Collections.Immutable;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Grains.Cluster;

/// <summary>Scene-text strings to and from their wire form (<see cref="SceneTextLine"/>).</summary>
public static class SceneTextWire
{
    public static SceneTextLine ToWire(SceneTextString s) => new(s.Text, s.X0, s.Y0, s.X1, s.Y1);

    public static SceneTextString FromWire(SceneTextLine line) => new(line.Text, line.X0, line.Y0, line.X1, line.Y1);

    public static ImmutableArray<SceneTextLine> ToWire(IEnumerable<SceneTextString> strings) => [.. strings.Select(ToWire)];

    public static ImmutableArray<SceneTextString> FromWire(ImmutableArray<SceneTextLine> lines) => [.. lines.Select(FromWire)];
}
