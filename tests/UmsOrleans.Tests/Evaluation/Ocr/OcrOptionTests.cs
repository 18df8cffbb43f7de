using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation.Ocr;

/// <summary>The <c>ocr</c> word of a run request and the settings check that needs the dataset's OCR folder.</summary>
public sealed class OcrOptionTests
{
    [Theory]
    [InlineData("files", OcrSource.Files)]
    [InlineData(" Engine ", OcrSource.Engine)]
    [InlineData("NONE", OcrSource.None)]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void The_three_words_parse_and_no_word_is_the_default(string? word, OcrSource? expected)
    {
        Assert.Equal(expected, EvaluationRequestParser.ParseOcr(word));
    }

    [Fact]
    public void Another_word_is_refused_naming_ocr_and_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationRequestParser.ParseOcr("tesseract"));
        Assert.Equal("ocr", error.ParamName);
        Assert.Contains("files, engine, none", error.Message);
    }

    [Fact]
    public void Settings_with_files_need_the_ocr_folder()
    {
        var root = TestPaths.NewTempDirectory("ocr-option");
        var error = Assert.Throws<ArgumentException>(() => EvaluationRequestParser.Parse("ctc", root, Path.Combine(root, "out"), 1, false, "files"));
        Assert.Equal("ocr", error.ParamName);
        Directory.CreateDirectory(Path.Combine(root, DatasetOcrFolders.CtcFolder));
        Assert.Equal(OcrSource.Files, EvaluationRequestParser.Parse("ctc", root, Path.Combine(root, "out"), 1, false, "files").Ocr);
        Assert.Null(new EvaluationSettings(EvalLayout.Ctc, root, "out").Ocr);
        Directory.Delete(root, recursive: true);
    }
}
