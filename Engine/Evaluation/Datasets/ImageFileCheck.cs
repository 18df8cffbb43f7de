namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// The cheap checks a reader can make on an image before any decoding: the file exists and is not empty.
/// Whether it decodes is the encoder's business; it reports failures to the same <see cref="SkipLog"/>.
/// </summary>
public static class ImageFileCheck
{
    /// <summary>The absolute path and, when the file cannot be used, why.</summary>
    public static (string Path, string? Problem) Resolve(string folder, string relativePath)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, relativePath));
        var file = new FileInfo(path);
        if (!file.Exists) return (path, "image file not found");
        if (file.Length == 0) return (path, "image file is empty");
        return (path, null);
    }
}
