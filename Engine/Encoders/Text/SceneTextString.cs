using UmsOrleans.Engine.Encoders.Ocr;

namespace UmsOrleans.Engine.Encoders.Text;

/// <summary>One OCR string and its box in the original photo's pixels (x0, y0 top-left; x1, y1 bottom-right).</summary>
public sealed record SceneTextString(string Text, float X0, float Y0, float X1, float Y1)
{
    /// <summary>
    /// A line the OCR engine read, boxed the way the COCO-CTC parser boxes an ICDAR quadrilateral (§7.4): its first
    /// corner as the minimum and its third as the maximum, which is exact for upright lines.
    /// </summary>
    public static SceneTextString FromLine(OcrLine line) => new(line.Text, line.Box[0].X, line.Box[0].Y, line.Box[2].X, line.Box[2].Y);
}
