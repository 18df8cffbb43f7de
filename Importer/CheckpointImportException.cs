namespace UmsOrleans.Importer;

/// <summary>A checkpoint that cannot be imported: unreadable, not a state dict, or not the expected model.</summary>
public sealed class CheckpointImportException(string message, Exception? inner = null) : Exception(message, inner);
