using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>
/// Lines read from photos (texts with their boxes), by the SHA-256 of the photo's bytes: a photo ingested again (or searched by) is not read
/// again. Bounded: past <see cref="Capacity"/> entries the cache starts over (OCR is cheap to redo once, and a
/// least-recently-used order would cost a lock per hit).
/// </summary>
public sealed class SceneTextCache(int capacity = SceneTextCache.DefaultCapacity)
{
    public const int DefaultCapacity = 50_000;

    private readonly ConcurrentDictionary<string, ImmutableArray<SceneTextString>> _lines = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public static string KeyOf(byte[] photo) => Convert.ToHexString(SHA256.HashData(photo));

    public bool TryGet(string key, out ImmutableArray<SceneTextString> lines) => _lines.TryGetValue(key, out lines);

    public void Add(string key, ImmutableArray<SceneTextString> lines)
    {
        if (_lines.Count >= Capacity) _lines.Clear();
        _lines[key] = lines;
    }
}
