namespace UmsOrleans.Engine.Search;

/// <summary>
/// How a space's HNSW graph started: from a saved graph (<paramref name="Adopted"/> products kept their nodes,
/// <paramref name="Added"/> were new or changed, <paramref name="Dropped"/> gone or changed) or built afresh
/// (<paramref name="Unused"/>: why a saved graph was not used; null when none was asked for).
/// </summary>
public sealed record AnnStart(string Space, bool FromSaved, string? Unused, int Adopted, int Added, int Dropped);
