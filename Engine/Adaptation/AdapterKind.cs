namespace UmsOrleans.Engine.Adaptation;

/// <summary>What an adapter was learned for.</summary>
public enum AdapterKind : byte
{
    /// <summary>One space into a sharper version of itself, learned from labeled vectors (products or an attribute).</summary>
    Adapt = 1,

    /// <summary>Two spaces (photos, titles) into one shared space, learned from paired examples.</summary>
    Align = 2,
}
