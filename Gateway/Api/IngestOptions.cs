namespace UmsOrleans.Gateway.Api;

/// <summary>How the HTTP API ingests content (section <c>Ums:Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ums:Ingest";

    /// <summary>
    /// The only folder <c>imagePath</c> may read from (symbolic links leading outside it are refused);
    /// empty = the catalog's data directory (<c>Ums:Catalog:DataDirectory</c>).
    /// </summary>
    public string? DataRoot { get; set; }
}
