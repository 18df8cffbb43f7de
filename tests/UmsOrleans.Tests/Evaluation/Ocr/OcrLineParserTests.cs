using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;

namespace UmsOrleans.Tests.Evaluation.Ocr;

/// <summary>The two OCR line formats as UMS's Python parses them: <c>line.strip().split(',')</c> and <c>int()</c>.</summary>
public sealed class OcrLineParserTests
{
    [Fact]
    public void Ctc_takes_the_first_and_third_corner_and_field_8()
    {
        Assert.Equal(new SceneTextString("STOP", 10, 20, 50, 40), OcrLineParser.Parse("10,20,50,20,50,40,10,40,STOP\r\n", OcrLineFormat.Ctc));
    }

    [Fact]
    public void Ctc_text_with_commas_keeps_field_8_only()
    {
        Assert.Equal("Hello", OcrLineParser.Parse("1,2,3,4,5,6,7,8,Hello, world,again", OcrLineFormat.Ctc).Text);
    }

    [Fact]
    public void Ctc_reads_only_fields_0_1_4_5_as_integers()
    {
        Assert.Equal(new SceneTextString("x", 1, 2, 5, 6), OcrLineParser.Parse("1,2,a,b,5,6,c,d,x", OcrLineFormat.Ctc));
    }

    [Fact]
    public void Product1m_adds_width_and_height_and_keeps_the_last_field_as_text()
    {
        Assert.Equal(new SceneTextString(" 香蕉", 10, 20, 40, 60), OcrLineParser.Parse("10,20,30,40,品牌, 香蕉", OcrLineFormat.Product1M));
    }

    [Fact]
    public void Product1m_with_four_fields_takes_the_height_as_text_as_python_does()
    {
        Assert.Equal(new SceneTextString("4", 1, 2, 4, 6), OcrLineParser.Parse("1,2,3,4", OcrLineFormat.Product1M));
    }

    [Theory]
    [InlineData("12.5,2,3,4,5,6,7,8,t", OcrLineFormat.Ctc, "field 0 '12.5'")]
    [InlineData("1,2,3,4,5,1e3,7,8,t", OcrLineFormat.Ctc, "field 5 '1e3'")]
    [InlineData("1,2,3,4,text", OcrLineFormat.Ctc, "5 comma-separated fields")]
    [InlineData("", OcrLineFormat.Ctc, "1 comma-separated fields")]
    [InlineData("   ", OcrLineFormat.Product1M, "1 comma-separated fields")]
    [InlineData("1,2,,4,t", OcrLineFormat.Product1M, "field 2 ''")]
    [InlineData("\uFEFF1,2,3,4,t", OcrLineFormat.Product1M, "field 0")]
    public void A_line_python_raises_on_is_a_format_error_naming_the_field(string line, OcrLineFormat format, string expected)
    {
        var error = Assert.Throws<FormatException>(() => OcrLineParser.Parse(line, format));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(" 12 ", 12)]
    [InlineData("+7", 7)]
    [InlineData("-3", -3)]
    [InlineData("1_000", 1000)]
    [InlineData("٣", 3)]
    [InlineData("１２", 12)]
    [InlineData("\t5\u3000", 5)]
    public void Python_int_accepts_what_int_of_a_string_accepts(string field, double expected)
    {
        Assert.True(PythonInt.TryParse(field, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("12.0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1__0")]
    [InlineData("0x10")]
    [InlineData("1 2")]
    [InlineData("\uFEFF1")]
    [InlineData("Ⅻ")]
    public void Python_int_refuses_what_int_of_a_string_refuses(string field)
    {
        Assert.False(PythonInt.TryParse(field, out _));
    }
}
