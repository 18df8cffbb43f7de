namespace UmsOrleans.Tests.Support;

/// <summary>Where the repository and the shared data beside it are, from wherever the tests run.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>../shared</c> beside the checkout (override with UMS_SHARED_DIR).</summary>
    public static string SharedDirectory { get; } =
        Environment.GetEnvironmentVariable("UMS_SHARED_DIR") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string GroceryDataset => RequireDirectory(Path.Combine(SharedDirectory, "datasets", "grocery"));

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ums-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string RequireDirectory(string path) =>
        Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"test data folder '{path}' is missing: the tests expect ../shared beside the checkout (or UMS_SHARED_DIR).");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "UmsOrleans.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException("could not find UmsOrleans.sln above the test binaries.");
    }
}
