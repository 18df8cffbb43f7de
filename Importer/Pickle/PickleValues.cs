using System.Collections;
using System.Text;

namespace UmsOrleans.Importer.Pickle;

/// <summary>Conversions of the .NET objects the unpickler produces for Python tuples, ints and bytes.</summary>
internal static class PickleValues
{
    public static int[] ToShape(object? value) => value switch
    {
        object[] tuple => [.. tuple.Select(ToDimension)],
        IList list => [.. list.Cast<object>().Select(ToDimension)],
        _ => [ToDimension(value)],
    };

    public static byte[]? ToBytes(object? value) => value switch
    {
        byte[] bytes => bytes,
        // Python 2 pickles keep raw bytes in a str; each char is one byte (latin-1).
        string text => Encoding.Latin1.GetBytes(text),
        _ => null,
    };

    private static int ToDimension(object? value) => value switch
    {
        int i when i >= 0 => i,
        long l when l is >= 0 and <= int.MaxValue => (int)l,
        _ => throw new CheckpointImportException($"a numpy array dimension is {value ?? "None"}, not a non-negative integer"),
    };
}
