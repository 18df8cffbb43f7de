namespace UmsOrleans.Gateway.Api;

internal static partial class SnapshotLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot '{Snapshot}' of collection '{Collection}' written: {Products} products, {Bytes} bytes.")]
    public static partial void SnapshotWritten(ILogger logger, string snapshot, string collection, long products, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restoring snapshot '{Snapshot}' into collection '{Collection}': {Done}/{Total} products.")]
    public static partial void RestoreProgress(ILogger logger, string snapshot, string collection, long done, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot '{Snapshot}' restored into collection '{Collection}': {Products} products.")]
    public static partial void Restored(ILogger logger, string snapshot, string collection, long products);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restoring snapshot '{Snapshot}' into collection '{Collection}' failed; cleaned up: {CleanedUp}.")]
    public static partial void RestoreFailed(ILogger logger, Exception exception, string snapshot, string collection, bool cleanedUp);
}
