namespace UmsOrleans.Engine.Search;

/// <summary>
/// The float operations a kernel needs from one SIMD width, as static members so a kernel written once over
/// <typeparamref name="TVector"/> is compiled separately for each width with every call inlined (the shape of the
/// operator structs in Garnet's <c>IBinaryOperator</c>). Implemented for 128, 256 and 512 bits in
/// <see cref="VectorWidth128"/>, <see cref="VectorWidth256"/> and <see cref="VectorWidth512"/>.
/// </summary>
internal interface IVectorWidth<TVector> where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref float source, nuint offset);

    /// <summary>a · b + addend, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    static abstract TVector Add(TVector a, TVector b);

    /// <summary>The horizontal sum of every lane.</summary>
    static abstract float Sum(TVector value);

    /// <summary>
    /// <paramref name="value"/> with only its last <paramref name="lanes"/> lanes kept and the others zeroed: a
    /// tail of a row re-loaded as the last full vector has its first lanes already counted.
    /// </summary>
    static abstract TVector KeepLast(TVector value, int lanes);
}
