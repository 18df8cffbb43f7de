using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Search.Ann;

/// <summary>
/// The C API of USearch (<c>libusearch_c</c>, shipped by the Cloud.Unum.USearch package). Called directly because the
/// package's managed wrapper exposes neither filtered search nor a change of the search expansion, and copies every
/// vector into a new array. Arrays go by <c>ref</c> to their first element (pinned for the call), so no unsafe code.
/// </summary>
internal static class USearchNative
{
    private const string Library = "libusearch_c";

    public const int MetricInnerProduct = 2; // usearch_metric_ip_k
    public const int ScalarF32 = 1; // usearch_scalar_f32_k
    public const int ScalarF16 = 3; // usearch_scalar_f16_k
    public const int ScalarI8 = 4; // usearch_scalar_i8_k
    public const int ScalarBF16 = 6; // usearch_scalar_bf16_k

    /// <summary>The library's scalar kind for a graph precision, and the bytes one component takes.</summary>
    public static (int Kind, int Bytes) ScalarOf(Catalog.AnnPrecision precision) => precision switch
    {
        Catalog.AnnPrecision.I8 => (ScalarI8, 1),
        Catalog.AnnPrecision.Bf16 => (ScalarBF16, 2),
        Catalog.AnnPrecision.F16 => (ScalarF16, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown graph precision"),
    };

    /// <summary><c>usearch_init_options_t</c> as the library lays it out.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public int MetricKind;
        public IntPtr Metric;
        public int Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        [MarshalAs(UnmanagedType.U1)] public bool Multi;
    }

    /// <summary>Non-zero keeps the key (called from the library's search thread, during the traversal).</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int KeyPredicate(ulong key, IntPtr state);

    [DllImport(Library)] public static extern IntPtr usearch_init(ref InitOptions options, out IntPtr error);
    [DllImport(Library)] public static extern void usearch_free(IntPtr index, out IntPtr error);
    [DllImport(Library)] public static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);
    [DllImport(Library)] public static extern nuint usearch_size(IntPtr index, out IntPtr error);
    [DllImport(Library)] public static extern nuint usearch_capacity(IntPtr index, out IntPtr error);
    [DllImport(Library)] public static extern nuint usearch_memory_usage(IntPtr index, out IntPtr error);
    [DllImport(Library)] public static extern void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);
    [DllImport(Library)] public static extern void usearch_add(IntPtr index, ulong key, ref float vector, int vectorKind, out IntPtr error);
    [DllImport(Library)] public static extern nuint usearch_remove(IntPtr index, ulong key, out IntPtr error);
    [DllImport(Library)] public static extern nuint usearch_dimensions(IntPtr index, out IntPtr error);
    [DllImport(Library)] public static extern nuint usearch_connectivity(IntPtr index, out IntPtr error);
    [DllImport(Library)] public static extern void usearch_save(IntPtr index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);
    [DllImport(Library)] public static extern void usearch_load(IntPtr index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);

    [DllImport(Library)]
    public static extern nuint usearch_search(IntPtr index, ref float query, int queryKind, nuint count, ref ulong keys, ref float distances, out IntPtr error);

    [DllImport(Library)]
    public static extern nuint usearch_filtered_search(IntPtr index, ref float query, int queryKind, nuint count, KeyPredicate filter, IntPtr state, ref ulong keys, ref float distances, out IntPtr error);

    /// <summary>Throws when the library reported an error (its messages are static strings: nothing to free).</summary>
    public static void Check(IntPtr error, string operation)
    {
        if (error != IntPtr.Zero) throw new InvalidOperationException($"usearch {operation}: {Marshal.PtrToStringUTF8(error)}");
    }
}
