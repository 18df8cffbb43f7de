using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// The photos' model inputs as the runtime builds them: OCR written to CTC-style files and read back (§7.4), scene text
/// through <see cref="SceneTextInput"/>, titles through <see cref="BertTextTokenizer"/> at length 40 (§7.3).
/// </summary>
public sealed class ReferenceVlSamples
{
    private ReferenceVlSamples(ReferenceImageInput[] withOcr, ReferenceImageInput[] withoutOcr, PaddedTokens[] titles)
    {
        WithOcr = withOcr;
        WithoutOcr = withoutOcr;
        Titles = titles;
    }

    public ReferenceImageInput[] WithOcr { get; }

    /// <summary>The same photos with no OCR file: scene text [CLS][SEP] and whole-image boxes (§7.4).</summary>
    public ReferenceImageInput[] WithoutOcr { get; }

    public PaddedTokens[] Titles { get; }

    public static ReferenceVlSamples Build(IReadOnlyList<ReferenceVlPhoto> photos, string vocabPath, string ocrDirectory)
    {
        BertTextTokenizer Tokenizer(int length)
        {
            using var vocabulary = File.OpenRead(vocabPath);
            return new BertTextTokenizer(vocabulary, lowerCase: true, length);
        }
        BertTextTokenizer sceneText = Tokenizer(VlGraphNames.SceneTextLength), titles = Tokenizer(VlGraphNames.TextLength);
        var withOcr = new List<ReferenceImageInput>();
        var withoutOcr = new List<ReferenceImageInput>();
        foreach (var photo in photos)
        {
            var (pixels, width, height) = ReferenceVlPhotos.Preprocess(photo);
            var ocrFile = Path.Combine(ocrDirectory, photo.Id + ".txt");
            ReferenceOcrFile.Write(ocrFile, photo.Ocr);
            withOcr.Add(Input(pixels, SceneTextInput.Create(sceneText, ReferenceOcrFile.Read(ocrFile), width, height)));
            withoutOcr.Add(Input(pixels, SceneTextInput.Create(sceneText, [], width, height)));
        }
        return new ReferenceVlSamples([.. withOcr], [.. withoutOcr], [.. photos.Select(p => titles.EncodePadded(p.Title))]);
    }

    private static ReferenceImageInput Input(float[] pixels, SceneTextInput sceneText) =>
        new(pixels, sceneText.Tokens.Ids, sceneText.Tokens.Mask, sceneText.Boxes);
}
