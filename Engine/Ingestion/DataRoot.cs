namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// The one folder a server reads product photos from by path. A requested path is accepted only when it
/// names a regular file whose real location (every symbolic link followed) lies inside the root's real
/// location; <c>..</c> segments are refused outright, so a path never climbs even where it would land
/// back inside.
/// </summary>
public sealed class DataRoot
{
    private const int MaxLinkDepth = 40;
    private readonly string _realRoot;

    public DataRoot(string root)
    {
        Root = Path.GetFullPath(root);
        _realRoot = RealPath(Root);
    }

    public string Root { get; }

    /// <summary>The file's real path, or the reason the path is refused (safe to show: it names no outside file).</summary>
    public (string? Path, string? Error) Resolve(string requested) => Resolve(requested, directory: false);

    /// <summary>Like <see cref="Resolve(string)"/>, for a folder (a dataset, the images of a catalog).</summary>
    public (string? Path, string? Error) ResolveDirectory(string requested) => Resolve(requested, directory: true);

    private (string? Path, string? Error) Resolve(string requested, bool directory)
    {
        if (string.IsNullOrWhiteSpace(requested)) return (null, "must be a path relative to the data root.");
        if (requested.Contains('\0')) return (null, "must not contain NUL characters.");
        if (requested.Split('/', '\\').Any(segment => segment == "..")) return (null, "must not contain '..' segments.");
        var full = Path.GetFullPath(Path.IsPathRooted(requested) ? requested : Path.Combine(Root, requested));
        if (!IsInside(full, Root)) return (null, "must name a path inside the data root.");
        string real;
        try
        {
            real = RealPath(full);
        }
        catch (IOException)
        {
            return (null, "must name a path inside the data root (a link could not be followed).");
        }
        if (!IsInside(real, _realRoot)) return (null, "must name a path inside the data root (a link leads outside it).");
        if (directory ? !Directory.Exists(real) : !File.Exists(real)) return (null, directory ? "no such folder under the data root." : "no such file under the data root.");
        return (real, null);
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it followed (like realpath(3)); missing parts stay as they are.</summary>
    public static string RealPath(string path) => RealPath(Path.GetFullPath(path), 0);

    private static string RealPath(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth) throw new IOException("too many levels of symbolic links.");
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var segment in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
                next = RealPath(resolved, depth + 1);
            }
            current = next;
        }
        return current;
    }
}
