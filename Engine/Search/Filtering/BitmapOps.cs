using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>Word-wise AND, OR and AND-NOT of bitmaps in place, a <see cref="Vector{T}"/> at a time.</summary>
internal static class BitmapOps
{
    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other) => Combine<AndOp>(target, other);

    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> other) => Combine<OrOp>(target, other);

    public static void AndNot(Span<ulong> target, ReadOnlySpan<ulong> other) => Combine<AndNotOp>(target, other);

    private static void Combine<TOp>(Span<ulong> target, ReadOnlySpan<ulong> other) where TOp : struct, IWordOp
    {
        if (other.Length != target.Length) throw new ArgumentException("bitmaps of different lengths.", nameof(other));
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var o = ref MemoryMarshal.GetReference(other);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<ulong>.Count;
            for (; i <= target.Length - width; i += width)
            {
                var result = TOp.Apply(Vector.LoadUnsafe(ref t, (nuint)i), Vector.LoadUnsafe(ref o, (nuint)i));
                result.StoreUnsafe(ref t, (nuint)i);
            }
        }
        for (; i < target.Length; i++) Unsafe.Add(ref t, i) = TOp.Apply(Unsafe.Add(ref t, i), Unsafe.Add(ref o, i));
    }

    private interface IWordOp
    {
        static abstract ulong Apply(ulong left, ulong right);

        static abstract Vector<ulong> Apply(Vector<ulong> left, Vector<ulong> right);
    }

    private readonly struct AndOp : IWordOp
    {
        public static ulong Apply(ulong left, ulong right) => left & right;

        public static Vector<ulong> Apply(Vector<ulong> left, Vector<ulong> right) => left & right;
    }

    private readonly struct OrOp : IWordOp
    {
        public static ulong Apply(ulong left, ulong right) => left | right;

        public static Vector<ulong> Apply(Vector<ulong> left, Vector<ulong> right) => left | right;
    }

    private readonly struct AndNotOp : IWordOp
    {
        public static ulong Apply(ulong left, ulong right) => left & ~right;

        public static Vector<ulong> Apply(Vector<ulong> left, Vector<ulong> right) => Vector.AndNot(left, right);
    }
}
