namespace UmsOrleans.Importer.Vl;

/// <summary>The <see cref="ImportProgress.Phase"/> names, in the order an import goes through them.</summary>
public static class ImportPhases
{
    /// <summary>Bytes of the checkpoint file read.</summary>
    public const string Reading = "reading checkpoint";

    /// <summary>Keys of the layout checked.</summary>
    public const string Checking = "checking keys";

    /// <summary>Bytes of image.onnx written.</summary>
    public const string WritingImageTower = "writing image tower";

    /// <summary>Bytes of text.onnx written.</summary>
    public const string WritingTextTower = "writing text tower";
}
