namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>A manifest that cannot be read or does not describe a usable model; the message names the field.</summary>
public sealed class InvalidManifestException(string message, Exception? inner = null) : Exception(message, inner);
