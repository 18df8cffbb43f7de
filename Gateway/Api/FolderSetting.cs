using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Gateway.Api;

/// <summary>Checks a setting that names a folder: unset, or a usable path that is not a file (the folder may not exist yet).</summary>
public static class FolderSetting
{
    public static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

    public static ValidationResult? Check(string setting, string? value, string member)
    {
        if (!IsSet(value)) return null;
        string full;
        try
        {
            full = Path.GetFullPath(value!);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new ValidationResult($"{setting} '{value}' is not a usable path: {exception.Message}", [member]);
        }
        return File.Exists(full) ? new ValidationResult($"{setting} '{value}' is a file; it must name a folder.", [member]) : null;
    }
}
