using System.Text.Json;

namespace UmsOrleans.Importer.Vl;

/// <summary>
/// The vocabulary and lower-casing of a vision-language import, and why lower-casing is what it is: an explicit
/// choice wins, then a config folder's <c>tokenizer_config.json</c> <c>do_lower_case</c>, then paddlenlp's class
/// default, true (spec §7.3: what a local folder without that file gets).
/// </summary>
public sealed record TokenizerSettings(string VocabPath, bool LowerCase, string LowerCaseReason)
{
    public const string ConfigFileName = "tokenizer_config.json";

    public const string DefaultReason = "default: paddlenlp's BertTokenizer lower-cases unless told otherwise, §7.3";

    /// <summary>Resolves the settings from either a vocabulary file or a paddlenlp config folder (not both).</summary>
    public static TokenizerSettings Resolve(string? vocabPath, string? configDirectory, bool? explicitLowerCase)
    {
        if ((vocabPath is null) == (configDirectory is null))
        {
            throw new CheckpointImportException("a vision-language checkpoint needs its vocabulary: give --vocab FILE or --config DIR (one of them)");
        }
        bool? fromConfig = null;
        var configFile = "";
        if (configDirectory is not null)
        {
            if (!Directory.Exists(configDirectory))
            {
                throw new CheckpointImportException($"config folder {configDirectory} does not exist");
            }
            vocabPath = Path.Combine(configDirectory, VlGraphNames.Vocab);
            configFile = Path.Combine(configDirectory, ConfigFileName);
            fromConfig = File.Exists(configFile) ? ReadDoLowerCase(configFile) : null;
        }
        return (explicitLowerCase, fromConfig) switch
        {
            ({ } chosen, _) => new(vocabPath!, chosen, "--lower-case given"),
            (null, { } configured) => new(vocabPath!, configured, $"do_lower_case in {configFile}"),
            _ => new(vocabPath!, true, configDirectory is null
                ? DefaultReason
                : $"default: {configDirectory} has no {ConfigFileName} with do_lower_case, and paddlenlp's BertTokenizer then lower-cases, §7.3"),
        };
    }

    private static bool? ReadDoLowerCase(string configFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configFile));
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("do_lower_case", out var value)
                   && value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : null;
        }
        catch (JsonException e)
        {
            throw new CheckpointImportException($"{configFile} is not valid JSON: {e.Message}", e);
        }
    }
}
