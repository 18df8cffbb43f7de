using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>
/// One OCR line as UMS's Python parses it: <c>line.strip().split(',')</c> with <c>int()</c> on the coordinates. A line
/// that would raise in Python throws <see cref="FormatException"/> here; the caller drops the sample.
/// </summary>
public static class OcrLineParser
{
    public static SceneTextString Parse(string line, OcrLineFormat format)
    {
        var fields = PythonText.Strip(line).Split(',');
        return format switch
        {
            // A text with commas keeps its first piece (field 8); fewer than 9 fields is Python's IndexError.
            OcrLineFormat.Ctc => fields.Length < 9
                ? throw new FormatException($"{fields.Length} comma-separated fields, the CTC format needs 9 (x1..y4,text)")
                : new SceneTextString(fields[8], Int(fields, 0), Int(fields, 1), Int(fields, 4), Int(fields, 5)),
            // A text with commas keeps its last piece; with exactly 4 fields the "text" is the height field, as in Python.
            OcrLineFormat.Product1M => fields.Length < 4
                ? throw new FormatException($"{fields.Length} comma-separated fields, the Product1M format needs x0,y0,w,h,text")
                : Product1M(fields),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static SceneTextString Product1M(string[] fields)
    {
        var (x0, y0) = (Int(fields, 0), Int(fields, 1));
        return new SceneTextString(fields[^1], x0, y0, x0 + Int(fields, 2), y0 + Int(fields, 3));
    }

    private static float Int(string[] fields, int index) =>
        PythonInt.TryParse(fields[index], out var value)
            ? (float)value
            : throw new FormatException($"field {index} '{fields[index]}' is not an integer (Python int() raises)");
}
