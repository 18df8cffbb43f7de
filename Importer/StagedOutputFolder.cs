namespace UmsOrleans.Importer;

/// <summary>
/// An output folder that appears whole or not at all: files go to a hidden sibling folder, which
/// <see cref="Commit"/> renames into place; disposing without committing deletes it.
/// </summary>
public sealed class StagedOutputFolder : IDisposable
{
    private readonly string _target;
    private bool _committed;

    private StagedOutputFolder(string target)
    {
        _target = target;
        Path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target)!, $".{System.IO.Path.GetFileName(target)}.importing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The staging folder to write into.</summary>
    public string Path { get; }

    /// <summary>Checks <paramref name="outputDirectory"/> (see <see cref="EnsureWritable"/>) and creates the staging folder beside it.</summary>
    public static StagedOutputFolder Create(string outputDirectory) => new(EnsureWritable(outputDirectory));

    /// <summary>The full path of a target that does not exist or is an empty folder, inside an existing folder; throws otherwise.</summary>
    public static string EnsureWritable(string outputDirectory)
    {
        var target = System.IO.Path.GetFullPath(outputDirectory);
        if (File.Exists(target))
        {
            throw new CheckpointImportException($"output {target} is a file; give a folder that does not exist yet or is empty");
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new CheckpointImportException($"output folder {target} is not empty; give a new or empty folder");
        }
        var parent = System.IO.Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new CheckpointImportException($"the folder that would hold {target} ({parent}) does not exist");
        }
        return target;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Moves the staged files into place; returns the target folder.</summary>
    public string Commit()
    {
        if (Directory.Exists(_target))
        {
            Directory.Delete(_target); // empty, checked above; Move needs the name free
        }
        Directory.Move(Path, _target);
        _committed = true;
        return _target;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
