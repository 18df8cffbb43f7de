namespace UmsOrleans.Grains.Hosting;

/// <summary>The silo that does cluster-wide chores, so exactly one does them: the one that joined first (lowest generation, then address).</summary>
internal static class OldestSilo
{
    public static bool IsLocal(IEnumerable<SiloAddress> activeSilos, SiloAddress local) =>
        activeSilos.OrderBy(s => s.Generation).ThenBy(s => s.ToString(), StringComparer.Ordinal).FirstOrDefault() is { } oldest && oldest.Equals(local);
}
