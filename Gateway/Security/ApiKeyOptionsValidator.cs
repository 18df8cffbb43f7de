using Microsoft.Extensions.Options;

namespace UmsOrleans.Gateway.Security;

/// <summary>Checks the API keys at start-up; every message names the setting.</summary>
public sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyName, entry) in options.ApiKeys)
        {
            var setting = $"{ApiKeyOptions.Section}:ApiKeys:{keyName}";
            if (string.IsNullOrWhiteSpace(entry.Key))
            {
                failures.Add($"{setting}:Key must not be empty.");
            }
            else if (entry.Key.Length < ApiKeyOptions.MinKeyLength)
            {
                failures.Add($"{setting}:Key must have at least {ApiKeyOptions.MinKeyLength} characters.");
            }
            else if (seen.TryGetValue(entry.Key, out var first))
            {
                failures.Add($"{setting}:Key is the same key as {first}:Key; every key must be different.");
            }
            else
            {
                seen[entry.Key] = setting;
            }
            if (!ApiRoles.All.Contains(entry.Role, StringComparer.Ordinal))
            {
                failures.Add($"{setting}:Role '{entry.Role}' is not a role; it must be '{ApiRoles.Admin}' or '{ApiRoles.Search}'.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
