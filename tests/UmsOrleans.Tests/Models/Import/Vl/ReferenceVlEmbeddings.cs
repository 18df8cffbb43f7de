namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>What the reference computes for a set of samples: image and fusion embeddings with and without OCR, and titles.</summary>
public sealed record ReferenceVlEmbeddings(
    ReferenceImageEmbeddings[] WithOcr,
    ReferenceImageEmbeddings[] WithoutOcr,
    float[][] Titles,
    Importer.Vl.VistaLayout Layout)
{
    /// <summary>Reads the checkpoint, embeds every sample, and lets the weights go (full-size ones are 1.2 GB).</summary>
    public static ReferenceVlEmbeddings Compute(string pdparams, ReferenceVlSamples samples)
    {
        var vista = new ReferenceVista(ReferenceWeights.Read(pdparams));
        return new ReferenceVlEmbeddings(
            [.. samples.WithOcr.Select(vista.EmbedImage)],
            [.. samples.WithoutOcr.Select(vista.EmbedImage)],
            [.. samples.Titles.Select(t => vista.EmbedText(t.Ids, t.Mask))],
            vista.Layout);
    }

    /// <summary>cos(image embedding with OCR, without OCR) per photo: how far an importer that ignores OCR would land.</summary>
    public double[] OcrEffect => [.. WithOcr.Select((e, i) => ReferenceMath.Cosine(e.Image, WithoutOcr[i].Image))];
}
