namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// A 64-bit hash of a string and a seed that is the same in every process and on every run (unlike
/// <see cref="string.GetHashCode()"/>): FNV-1a over the UTF-16 code units, then the SplitMix64 finaliser to spread it.
/// </summary>
internal static class StableHash
{
    public static ulong Of(int seed, string text)
    {
        var hash = 14695981039346656037UL ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
