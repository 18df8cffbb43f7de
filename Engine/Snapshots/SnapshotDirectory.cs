using System.Text.RegularExpressions;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// The folder snapshots are written to and restored from by name. A name is one plain folder name inside it
/// (letters, digits, '_', '-', '.'; not starting with '.'), so no name reaches outside the folder; a snapshot folder
/// that is a link is refused as well. Folders whose names start with '.' are snapshots still being written.
/// </summary>
public sealed partial class SnapshotDirectory(string root)
{
    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    /// <summary><c>{collection}-{UTC time to the millisecond}</c>, e.g. <c>shoes-20250101T120000123Z</c>.</summary>
    public static string NewName(string collection, DateTimeOffset now) => $"{collection}-{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}";

    /// <summary>The folder of the snapshot named <paramref name="name"/> (which need not exist).</summary>
    /// <exception cref="InvalidSnapshotException">The name is not one plain folder name.</exception>
    public string PathOf(string name)
    {
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new InvalidSnapshotException("snapshot", "must be a snapshot name: 1 to 200 letters, digits, '_', '-' or '.', not starting with '.' (no folders).");
        }
        // The pattern allows no separator and no leading '.', so the name is a folder directly inside Root.
        var path = Path.Combine(Root, name);
        if (new DirectoryInfo(path).LinkTarget is not null) throw new InvalidSnapshotException("snapshot", $"'{name}' is a link; snapshots are plain folders.");
        return path;
    }

    /// <summary>The complete snapshots of <paramref name="collection"/> (every collection when null), oldest first.</summary>
    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(string? collection, CancellationToken cancellationToken = default)
    {
        var snapshots = new List<SnapshotInfo>();
        if (!Directory.Exists(Root)) return snapshots;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(folder);
            if (!NamePattern().IsMatch(name) || !File.Exists(Path.Combine(folder, SnapshotManifest.FileName))) continue;
            try
            {
                var reader = await SnapshotReader.OpenAsync(folder, cancellationToken);
                if (collection is null || reader.Manifest.Collection == collection) snapshots.Add(reader.Info);
            }
            catch (InvalidSnapshotException)
            {
                // A folder that is not a readable snapshot is not listed; restoring it by name says why.
            }
        }
        return [.. snapshots.OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    public static long SizeOf(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}$")]
    private static partial Regex NamePattern();
}
