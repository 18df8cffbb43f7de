namespace UmsOrleans.Gateway.Security;

/// <summary>
/// The API keys (section <c>Ums:Security:ApiKeys</c>), by name: <c>Ums:Security:ApiKeys:ci:Key</c> and
/// <c>…:ci:Role</c>, or <c>…:0:Key</c> as a list. No key at all leaves every endpoint open.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Ums:Security";

    public const int MinKeyLength = 16;

    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ApiKeyEntry
{
    public string? Key { get; set; }

    /// <summary><see cref="ApiRoles.Admin"/> or <see cref="ApiRoles.Search"/>.</summary>
    public string? Role { get; set; }
}
