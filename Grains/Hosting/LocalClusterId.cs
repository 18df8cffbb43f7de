using System.Security.Cryptography;
using System.Text;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// The cluster id of a single-machine (localhost-clustered) silo when <c>Ums:Cluster:ClusterId</c> is not set:
/// derived from the full path of its data directory, so a client started over another data directory never
/// joins it even when it reaches the same ports.
/// </summary>
public static class LocalClusterId
{
    public static string For(string dataDirectory)
    {
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return "ums-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..12];
    }
}
