using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>
/// A file a manifest names: a plain file, or <c>Assembly.dll#Resource.Name</c>, a manifest resource read out of
/// an assembly's metadata with <see cref="PEReader"/> (the assembly is never loaded, its code never runs).
/// </summary>
public sealed record ModelFile(string Path, string? Resource)
{
    public static ModelFile Resolve(ModelManifest manifest, string reference)
    {
        var hash = reference.IndexOf('#');
        var file = hash < 0 ? reference : reference[..hash];
        var resource = hash < 0 ? null : reference[(hash + 1)..];
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(manifest.BaseDirectory, file));
        if (!File.Exists(path)) throw new InvalidManifestException($"model manifest '{manifest.Name}': file '{reference}' not found at '{path}'.");
        return new ModelFile(path, resource);
    }

    /// <summary>A stable name for caches and logs.</summary>
    public string Key => Resource is null ? Path : $"{Path}#{Resource}";

    public byte[] ReadAllBytes() => Resource is null ? File.ReadAllBytes(Path) : ReadResource(Path, Resource);

    public Stream OpenRead() => Resource is null ? File.OpenRead(Path) : new MemoryStream(ReadResource(Path, Resource), writable: false);

    private static byte[] ReadResource(string assemblyPath, string name)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, name)) continue;
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            // Embedded resources: a 4-byte little-endian length, then the bytes, at the resource's offset.
            var block = pe.GetSectionData(directory.RelativeVirtualAddress + checked((int)resource.Offset));
            var reader = block.GetReader();
            var length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }
        throw new InvalidManifestException($"assembly '{assemblyPath}' has no embedded resource '{name}'.");
    }
}
