using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Importer.Vl;

/// <summary>
/// The manifest of an imported vision-language model: spaces <c>image</c> and <c>text</c>; the image tower reads the
/// photo (§7.1: shorter side 224, centre crop 224) and its OCR (§7.4); the text tower reads titles / captions (§7.3,
/// 40 tokens, no token types). COCO-CTC ranks photos by caption, so its text searches the image space
/// (<see cref="ModelManifest.AlignedTextSearchesImage"/>); Product1M scores a product by image cosine plus title
/// cosine, two spaces weighted, so it does not.
/// </summary>
public static class VlManifest
{
    public const string ImageSpace = "image";
    public const string TextSpace = "text";

    public static ModelManifest Create(string name, string description, VistaLayout layout, int projectionWidth, bool lowerCase,
                                       IReadOnlyDictionary<string, string> source) => new()
    {
        Name = name,
        Description = description,
        Source = source,
        Spaces = [new ManifestSpace(ImageSpace, projectionWidth), new ManifestSpace(TextSpace, projectionWidth)],
        Image = new ImageEncoderSpec
        {
            Space = ImageSpace,
            Onnx = VlGraphNames.ImageOnnx,
            Input = VlGraphNames.Pixels,
            Output = VlGraphNames.ImageEmbedding,
            FusionOutput = VlGraphNames.FusionEmbedding,
            Layout = TensorLayout.Nchw,
            Pooling = Pooling.None,
            Normalize = true,
            Preprocessing = ModelManifestWriter.ImageNetPreprocessing(VistaDimensions.ImageSize, shorterSide: VistaDimensions.ImageSize),
            SceneText = new SceneTextInputSpec
            {
                Vocab = VlGraphNames.Vocab,
                LowerCase = lowerCase,
                MaxLength = VlGraphNames.SceneTextLength,
                InputIds = VlGraphNames.OcrIds,
                AttentionMask = VlGraphNames.OcrMask,
                Boxes = VlGraphNames.OcrBoxes,
            },
        },
        Text = new TextEncoderSpec
        {
            Space = TextSpace,
            Onnx = VlGraphNames.TextOnnx,
            Vocab = VlGraphNames.Vocab,
            LowerCase = lowerCase,
            MaxLength = VlGraphNames.TextLength,
            InputIds = VlGraphNames.TextIds,
            AttentionMask = VlGraphNames.TextMask,
            TokenTypeIds = null,
            Output = VlGraphNames.TextEmbedding,
            Pooling = Pooling.None,
            Normalize = true,
        },
        Fields = [new FieldMapping(ProductFields.Photo, ImageSpace), new FieldMapping(ProductFields.Title, TextSpace)],
        AlignedTextSearchesImage = layout == VistaLayout.VistaBaseShare,
    };
}
