using System.Text;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation.Ocr;

/// <summary>An OCR folder on hand-written files: keys, line order, duplicates, and the files Python would fail on.</summary>
public sealed class OcrFolderTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("ocr-folder");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_file_is_found_by_the_last_underscore_piece_of_its_name_and_read_in_line_order()
    {
        Write("res_img_000123.txt", "1,2,9,2,9,8,1,8,first\n3,4,7,4,7,6,3,6,second\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Ctc);

        var strings = folder.Read(Path.Combine("/data/images", "000123.jpg"));

        Assert.Equal([new SceneTextString("first", 1, 2, 9, 8), new SceneTextString("second", 3, 4, 7, 6)], strings);
    }

    [Fact]
    public void An_image_named_with_underscores_matches_no_file_because_only_the_file_name_is_split()
    {
        Write("res_000123.txt", "1,2,9,2,9,8,1,8,text\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Ctc);

        Assert.Null(folder.Read("COCO_train2014_000123.jpg"));
        Assert.NotNull(folder.Read("000123.jpg"));
    }

    [Fact]
    public void No_file_for_the_image_is_null_and_an_empty_file_is_no_strings()
    {
        Write("res_a.txt", "");
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Null(folder.Read("b.jpg"));
        Assert.Empty(folder.Read("a.jpg")!);
    }

    [Fact]
    public void Of_two_files_with_one_key_the_last_in_name_order_wins_as_in_a_dict_filled_in_order()
    {
        Write("a_7.txt", "1,1,1,1,from a\n");
        Write("b_7.txt", "2,2,2,2,from b\n");
        Write("7.txt", "3,3,3,3,plain\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Equal(1, folder.Files);
        Assert.Equal("from b", Assert.Single(folder.Read("7.jpg")!).Text);
    }

    [Fact]
    public void Only_txt_files_count_and_the_match_is_case_sensitive_like_glob()
    {
        Write("x_1.TXT", "1,1,1,1,upper\n");
        Write("x_2.csv", "1,1,1,1,csv\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Equal(0, folder.Files);
    }

    [Fact]
    public void A_line_python_raises_on_makes_the_file_unusable_naming_file_line_and_field()
    {
        Write("r_5.txt", "1,2,3,4,ok\n1,2,3.5,4,bad\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        var error = Assert.Throws<UnusableOcrFileException>(() => folder.Read("5.jpg"));
        Assert.Equal("OCR file r_5.txt line 2: field 2 '3.5' is not an integer (Python int() raises)", error.Message);
    }

    [Fact]
    public void A_blank_line_is_unusable_because_strip_split_gives_one_empty_field()
    {
        Write("r_5.txt", "1,2,3,4,ok\n\n1,2,3,4,next\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Contains("line 2", Assert.Throws<UnusableOcrFileException>(() => folder.Read("5.jpg")).Message);
    }

    [Fact]
    public void A_final_newline_ends_the_last_line_and_crlf_is_one_line_break()
    {
        Write("r_5.txt", "1,2,3,4,a\r\n5,6,7,8,b\r\n");
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Equal(["a", "b"], folder.Read("5.jpg")!.Select(s => s.Text));
    }

    [Fact]
    public void A_byte_order_mark_is_kept_as_python_open_keeps_it_so_the_first_coordinate_fails()
    {
        File.WriteAllBytes(Path.Combine(_root, "r_5.txt"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("1,2,3,4,a\n")]);
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Contains("line 1: field 0", Assert.Throws<UnusableOcrFileException>(() => folder.Read("5.jpg")).Message);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_make_the_file_unusable()
    {
        File.WriteAllBytes(Path.Combine(_root, "r_5.txt"), [(byte)'1', (byte)',', 0xFF, 0xFE, (byte)'\n']);
        var folder = new OcrFolder(_root, OcrLineFormat.Product1M);

        Assert.Contains("is not UTF-8", Assert.Throws<UnusableOcrFileException>(() => folder.Read("5.jpg")).Message);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_root, name), text, new UTF8Encoding(false));
}
