using System.Globalization;

namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>
/// Python's <c>int(str)</c>, which the UMS OCR parsers apply to every coordinate field: surrounding whitespace,
/// an optional sign, decimal digits (any script) with single underscores between them. "12.5", "" and "1e3"
/// raise there, so they are refused here.
/// </summary>
public static class PythonInt
{
    public static bool TryParse(string field, out double value)
    {
        value = 0;
        var text = PythonText.Strip(field);
        var start = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            start = 1;
        }
        if (start == text.Length) return false;
        var previousWasDigit = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                if (!previousWasDigit || i == text.Length - 1) return false;
                previousWasDigit = false;
                continue;
            }
            var digit = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit < 0 || CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.DecimalDigitNumber) return false;
            value = value * 10 + digit;
            previousWasDigit = true;
        }
        if (negative) value = -value;
        return true;
    }
}
