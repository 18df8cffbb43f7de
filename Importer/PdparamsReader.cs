using System.Collections;
using System.Reflection;
using Razorvine.Pickle;
using UmsOrleans.Importer.Pickle;

namespace UmsOrleans.Importer;

/// <summary>
/// Reads a PaddlePaddle <c>.pdparams</c> file: a Python pickle (protocol 2 to 5) of a dict from parameter
/// name to numpy array, as <c>paddle.save(layer.state_dict(), path)</c> writes it. Arrays of float16/32/64
/// (and int32/64) become float32; any other value is listed in <see cref="PdparamsCheckpoint.SkippedEntries"/>.
/// </summary>
public static class PdparamsReader
{
    public static PdparamsCheckpoint Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointImportException($"checkpoint file {path} does not exist");
        }
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        return Read(stream, Path.GetFileName(path));
    }

    public static PdparamsCheckpoint Read(Stream stream, string sourceName)
    {
        NumpyConstructors.EnsureRegistered();
        object root;
        try
        {
            using var unpickler = new Unpickler();
            root = unpickler.load(stream);
        }
        catch (TargetInvocationException e) when (e.InnerException is CheckpointImportException inner)
        {
            // The unpickler calls __setstate__ by reflection.
            throw new CheckpointImportException($"{sourceName}: {inner.Message}", inner);
        }
        catch (Exception e) when (e is not (CheckpointImportException or OutOfMemoryException))
        {
            throw new CheckpointImportException($"{sourceName} is not a readable Python pickle: {e.Message}", e);
        }
        if (root is not IDictionary entries)
        {
            throw new CheckpointImportException(
                $"{sourceName} holds a pickled {root?.GetType().Name ?? "None"}, not a dict of parameter name to array (a state dict)");
        }

        var tensors = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in entries)
        {
            var name = entry.Key as string ?? entry.Key?.ToString() ?? "None";
            if (AsArray(entry.Value) is not { } array)
            {
                skipped[name] = $"not an array ({entry.Value?.GetType().Name ?? "None"})";
            }
            else if (array.ToFloat32(out var reason) is { } values)
            {
                tensors[name] = new CheckpointTensor(name, array.Shape, values);
            }
            else
            {
                skipped[name] = reason!;
            }
        }
        return new PdparamsCheckpoint(tensors, skipped);
    }

    // Paddle pickles a bare tensor (outside a state dict) as the tuple (parameter name, array).
    private static NumpyArray? AsArray(object? value) => value switch
    {
        NumpyArray array => array,
        object[] { Length: 2 } pair when pair[0] is string && pair[1] is NumpyArray array => array,
        _ => null,
    };
}
