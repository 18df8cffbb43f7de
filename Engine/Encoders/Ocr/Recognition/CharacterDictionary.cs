namespace UmsOrleans.Engine.Encoders.Ocr.Recognition;

/// <summary>
/// The recogniser's classes as PaddleOCR's <c>CTCLabelDecode</c> builds them: the CTC blank at 0, then one
/// character per line of the dictionary file, then a space (<c>use_space_char</c>).
/// </summary>
public sealed class CharacterDictionary
{
    public const int Blank = 0;

    private readonly string[] _classes;

    public CharacterDictionary(IEnumerable<string> characters) => _classes = ["", .. characters, " "];

    public static CharacterDictionary Load(string path) => new(File.ReadAllLines(path));

    /// <summary>Number of classes the model must output (blank and space included).</summary>
    public int Count => _classes.Length;

    public string this[int index] => _classes[index];
}
