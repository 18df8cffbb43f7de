using System.Globalization;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>COCO-CTC OCR files (§7.4): one ICDAR line <c>x1,y1,x2,y2,x3,y3,x4,y4,text</c> per string, in photo pixels.</summary>
public static class ReferenceOcrFile
{
    /// <summary>Upright boxes written as TL, TR, BR, BL corners.</summary>
    public static void Write(string path, IEnumerable<SceneTextString> strings) =>
        File.WriteAllLines(path, strings.Select(s =>
            FormattableString.Invariant($"{s.X0},{s.Y0},{s.X1},{s.Y0},{s.X1},{s.Y1},{s.X0},{s.Y1},{s.Text}")));

    /// <summary>As the CTC dataset code reads them: corners 0 and 2 as minimum and maximum via int(), field 8 as the text.</summary>
    public static IReadOnlyList<SceneTextString> Read(string path) =>
        [.. File.ReadLines(path).Where(line => line.Length > 0).Select(line =>
        {
            var fields = line.Split(',');
            int Field(int i) => int.Parse(fields[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return new SceneTextString(fields[8], Field(0), Field(1), Field(4), Field(5));
        })];
}
