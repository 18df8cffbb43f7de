using System.ComponentModel.DataAnnotations;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>How the HTTP API ingests content (section <c>Ums:Ingest</c>).</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string Section = "Ums:Ingest";

    /// <summary>
    /// The only folder <c>imagePath</c> may read from (symbolic links leading outside it are refused);
    /// empty = the <c>datasets</c> folder of the catalog's data directory (<c>Ums:Catalog:DataDirectory</c>).
    /// Never the data directory itself: that holds the catalog store, whose files must not be readable as catalogs.
    /// </summary>
    public string? DataRoot { get; set; }

    public const string DefaultFolder = "datasets";

    /// <summary>The data root; the default (<c>&lt;dataDirectory&gt;/datasets</c>) is created when missing.</summary>
    public DataRoot ResolveDataRoot(string dataDirectory)
    {
        if (FolderSetting.IsSet(DataRoot)) return new DataRoot(DataRoot!);
        var folder = Path.Combine(dataDirectory, DefaultFolder);
        Directory.CreateDirectory(folder);
        return new DataRoot(folder);
    }

    /// <summary>
    /// What a refused catalog or image path adds to its message: the setting that places the data root it must lie
    /// under and how to point it at a datasets folder (never the root's location on the server).
    /// </summary>
    public static string DataRootHint =>
        $"(paths are relative to the data root set by {Section}:{nameof(DataRoot)} (default: the datasets folder of Ums:Catalog:DataDirectory); " +
        $"to ingest from a datasets folder, start the gateway with --{Section}:{nameof(DataRoot)}=/path/to/datasets)";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FolderSetting.Check($"{Section}:{nameof(DataRoot)}", DataRoot, nameof(DataRoot)) is { } problem) yield return problem;
    }
}
