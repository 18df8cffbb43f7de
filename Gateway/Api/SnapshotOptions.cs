using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Gateway.Api;

/// <summary>Where collection snapshots are written and restored from (section <c>Ums:Snapshots</c>).</summary>
public sealed class SnapshotOptions : IValidatableObject
{
    public const string Section = "Ums:Snapshots";

    public const string DefaultFolder = "snapshots";

    /// <summary>The snapshots folder; empty = <c>snapshots</c> in the catalog's data directory (<c>Ums:Catalog:DataDirectory</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>Products a restore sends to the cluster per batch.</summary>
    [Range(1, 10_000, ErrorMessage = $"{Section}:{nameof(RestoreBatchProducts)} must be from {{1}} to {{2}}.")]
    public int RestoreBatchProducts { get; set; } = 256;

    public string ResolveDirectory(string dataDirectory) =>
        Path.GetFullPath(FolderSetting.IsSet(Directory) ? Directory! : Path.Combine(dataDirectory, DefaultFolder));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FolderSetting.Check($"{Section}:{nameof(Directory)}", Directory, nameof(Directory)) is { } problem) yield return problem;
    }
}
