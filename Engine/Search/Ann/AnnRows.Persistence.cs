using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace UmsOrleans.Engine.Search.Ann;

/// <summary>
/// Saving the graph and its key map, and starting from a saved pair instead of a rebuild. The pair is
/// <c>{path}.usearch</c> (USearch's own file) and <c>{path}.keys</c> (ours: the settings, the graph file's length and
/// SHA-256, and per product its id, first key and a hash of each row), each written to a temporary file and renamed,
/// the keys last, so a crash between them leaves a key file that no longer matches its graph.
/// </summary>
internal sealed partial class AnnRows
{
    private const string KeysMagic = "ums-hnsw-keys/1";

    /// <summary>Writes the graph and key map of the built graph; <paramref name="ids"/>: the product id of each slot.</summary>
    public void Save(string path, SpaceRows rows, IReadOnlyList<string> ids)
    {
        if (!IsBuilt) throw new InvalidOperationException("the graph is not built.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var graphPath = path + ".usearch";
        _graph.Save(graphPath + ".tmp");
        File.Move(graphPath + ".tmp", graphPath, overwrite: true);
        using (var writer = new BinaryWriter(File.Create(path + ".keys.tmp")))
        {
            WriteHeader(writer, graphPath);
            var products = Enumerable.Range(0, Math.Min(rows.ProductSlots, _keyCount.Length)).Where(p => _keyCount[p] > 0).ToList();
            writer.Write(_nextKey);
            writer.Write(products.Count);
            foreach (var product in products)
            {
                var productRows = rows.RowsOf(product);
                writer.Write(ids[product]);
                writer.Write(_firstKey[product]);
                writer.Write(productRows.Length);
                foreach (var row in productRows) writer.Write(RowHash(rows.Vectors.Row(row)));
            }
        }
        File.Move(path + ".keys.tmp", path + ".keys", overwrite: true);
    }

    /// <summary>
    /// Builds the graph from the pair saved at <paramref name="path"/>, reconciled with the rows loaded now: a saved
    /// product whose rows are gone or differ (by row hash) loses its keys, and every product not adopted from the file
    /// is added, so the graph holds exactly the loaded rows. Null when it was used; otherwise why not (nothing was
    /// built, and the graph is empty again for <see cref="Build"/>).
    /// </summary>
    public string? TryBuildFromSaved(string path, SpaceRows rows, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        if (IsBuilt) return null;
        var graphPath = path + ".usearch";
        if (!File.Exists(graphPath) || !File.Exists(path + ".keys")) return "no saved graph";
        SavedKeys saved;
        try
        {
            saved = ReadKeys(path + ".keys", graphPath);
            _graph.Load(graphPath);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or EndOfStreamException or UnauthorizedAccessException)
        {
            ResetGraph();
            return exception.Message;
        }
        Reconcile(saved, rows, ids, cancellationToken);
        IsBuilt = true;
        return null;
    }

    private void Reconcile(SavedKeys saved, SpaceRows rows, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var slotById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var product = 0; product < rows.ProductSlots; product++)
        {
            if (rows.RowsOf(product).Length > 0) slotById[ids[product]] = product;
        }
        _nextKey = saved.NextKey;
        var adopted = new HashSet<int>();
        foreach (var (id, first, hashes) in saved.Products)
        {
            if (slotById.TryGetValue(id, out var product) && SameRows(rows, product, hashes))
            {
                Adopt(product, first, hashes.Length);
                adopted.Add(product);
            }
            else
            {
                for (var i = 0; i < hashes.Length; i++) _graph.Remove(first + (ulong)i);
            }
        }
        _graph.Reserve(rows.RowCount);
        var pending = new List<(ulong Key, int Row)>();
        foreach (var product in slotById.Values.Where(p => !adopted.Contains(p)))
        {
            var productRows = rows.RowsOf(product);
            var first = Assign(product, productRows.Length);
            for (var i = 0; i < productRows.Length; i++) pending.Add((first + (ulong)i, productRows[i]));
        }
        AddInParallel(rows, [.. pending], cancellationToken);
        Reconciled = (adopted.Count, slotById.Count - adopted.Count, saved.Products.Count - adopted.Count);
    }

    /// <summary>After a start from a saved graph: products adopted, added (new or changed) and dropped (gone or changed).</summary>
    public (int Adopted, int Added, int Dropped) Reconciled { get; private set; }

    private static bool SameRows(SpaceRows rows, int product, ulong[] hashes)
    {
        var productRows = rows.RowsOf(product);
        if (productRows.Length != hashes.Length) return false;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (RowHash(rows.Vectors.Row(productRows[i])) != hashes[i]) return false;
        }
        return true;
    }

    private void Adopt(int product, ulong first, int count)
    {
        EnsureProducts(product + 1);
        _firstKey[product] = first;
        _keyCount[product] = count;
        for (var i = 0; i < count; i++) _productOfKey[first + (ulong)i] = product;
    }

    private void ResetGraph()
    {
        _graph.Dispose();
        _graph = new HnswGraph(_dimension, _spec);
    }

    private void WriteHeader(BinaryWriter writer, string graphPath)
    {
        writer.Write(KeysMagic);
        writer.Write(_dimension);
        writer.Write(_spec.M);
        writer.Write(_spec.EfConstruction);
        writer.Write(new FileInfo(graphPath).Length);
        writer.Write(FileDigest(graphPath));
    }

    private sealed record SavedKeys(ulong NextKey, List<(string Id, ulong First, ulong[] Hashes)> Products);

    private SavedKeys ReadKeys(string keysPath, string graphPath)
    {
        using var reader = new BinaryReader(File.OpenRead(keysPath));
        if (reader.ReadString() != KeysMagic) throw new InvalidDataException("not a key map of this version.");
        var (dimension, m, efConstruction) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (dimension != _dimension || m != _spec.M || efConstruction != _spec.EfConstruction)
        {
            throw new InvalidDataException($"saved with dimension {dimension}, m {m}, efConstruction {efConstruction}; the space has {_dimension}, {_spec.M}, {_spec.EfConstruction}.");
        }
        var length = reader.ReadInt64();
        var digest = reader.ReadString();
        if (length != new FileInfo(graphPath).Length || digest != FileDigest(graphPath)) throw new InvalidDataException("the graph file does not match its key map.");
        var nextKey = reader.ReadUInt64();
        var count = reader.ReadInt32();
        var products = new List<(string, ulong, ulong[])>(count);
        for (var p = 0; p < count; p++)
        {
            var id = reader.ReadString();
            var first = reader.ReadUInt64();
            var hashes = new ulong[reader.ReadInt32()];
            for (var i = 0; i < hashes.Length; i++) hashes[i] = reader.ReadUInt64();
            products.Add((id, first, hashes));
        }
        return new SavedKeys(nextKey, products);
    }

    private static string FileDigest(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>A stable 64-bit hash of a row's float32 bits (FNV-1a over 8-byte words): equal rows, equal hashes.</summary>
    private static ulong RowHash(ReadOnlySpan<float> row)
    {
        var hash = 14695981039346656037UL;
        var bytes = MemoryMarshal.AsBytes(row);
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words) hash = (hash ^ word) * 1099511628211UL;
        for (var i = words.Length * sizeof(ulong); i < bytes.Length; i++) hash = (hash ^ bytes[i]) * 1099511628211UL;
        return hash;
    }
}
