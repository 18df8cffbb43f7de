namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>The two OCR line formats UMS parses (§7.4).</summary>
public enum OcrLineFormat
{
    /// <summary>ICDAR <c>x1,y1,x2,y2,x3,y3,x4,y4,text</c>: fields 0,1 are the minimum, 4,5 (third corner) the maximum, the text is field 8 only.</summary>
    Ctc = 0,

    /// <summary><c>x0,y0,w,h,…,text</c>: the box is (x0, y0, x0+w, y0+h) and the text is the last field.</summary>
    Product1M = 1,
}
