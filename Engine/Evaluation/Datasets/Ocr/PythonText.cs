namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>Python's idea of whitespace (<c>str.strip()</c>, <c>int()</c>): .NET's, plus the separators U+001C–U+001F.</summary>
public static class PythonText
{
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        return text[start..end];
    }
}
