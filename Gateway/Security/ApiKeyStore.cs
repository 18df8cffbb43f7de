using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// The configured keys, held as SHA-256 digests. A presented key is compared with every one of them in
/// constant time, so neither the time taken nor the key's length tells an attacker how close a guess came.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly (byte[] Digest, string Name, string Role)[] _keys;

    public ApiKeyStore(IOptions<ApiKeyOptions> options) => _keys = options.Value.ApiKeys
        .Select(pair => (Digest(pair.Value.Key!), pair.Key, pair.Value.Role!))
        .ToArray();

    public bool IsEmpty => _keys.Length == 0;

    public int Count(string role) => _keys.Count(k => k.Role == role);

    /// <summary>The name and role of the key, or null when no configured key matches.</summary>
    public (string Name, string Role)? Find(string presented)
    {
        var digest = Digest(presented);
        (string, string)? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest)) found = (key.Name, key.Role);
        }
        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
