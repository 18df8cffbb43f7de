using Razorvine.Pickle;

namespace UmsOrleans.Importer.Pickle;

/// <summary>
/// The numpy callables a pickled array refers to, under numpy 1.x (<c>numpy.core</c>) and numpy 2.x
/// (<c>numpy._core</c>) module names.
/// </summary>
internal static class NumpyConstructors
{
    private static readonly Lock Gate = new();
    private static bool s_registered;

    /// <summary>Registers the constructors with the unpickler (a process-wide table) once.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (s_registered)
            {
                return;
            }
            foreach (var core in new[] { "numpy.core", "numpy._core" })
            {
                Unpickler.registerConstructor(core + ".multiarray", "_reconstruct", new Reconstruct());
                Unpickler.registerConstructor(core + ".multiarray", "scalar", new Scalar());
                Unpickler.registerConstructor(core + ".numeric", "_frombuffer", new FromBuffer());
            }
            Unpickler.registerConstructor("numpy", "dtype", new Dtype());
            s_registered = true;
        }
    }

    /// <summary><c>_reconstruct(ndarray, (0,), b'b')</c>: an empty array whose state follows.</summary>
    private sealed class Reconstruct : IObjectConstructor
    {
        public object construct(object[] args) => new NumpyArray();
    }

    /// <summary><c>dtype('f4', False, True)</c>.</summary>
    private sealed class Dtype : IObjectConstructor
    {
        public object construct(object[] args) =>
            new NumpyDtype(args.Length > 0 && args[0] is string code ? code : "?");
    }

    /// <summary><c>_frombuffer(buffer, dtype, shape, order)</c> (numpy's protocol-5 form).</summary>
    private sealed class FromBuffer : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length != 4 || PickleValues.ToBytes(args[0]) is not { } raw || args[1] is not NumpyDtype dtype)
            {
                throw new CheckpointImportException("numpy _frombuffer was called with unexpected arguments");
            }
            return NumpyArray.FromBuffer(raw, dtype, PickleValues.ToShape(args[2]), args[3] is "F");
        }
    }

    /// <summary>A numpy scalar: kept only so that a stray scalar does not stop the whole load.</summary>
    private sealed class Scalar : IObjectConstructor
    {
        public object construct(object[] args) => new NumpyScalar();
    }
}

internal sealed class NumpyScalar;
