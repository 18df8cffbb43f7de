using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>
/// The OCR strings a scene-text model gets for each photo: those the caller gave, else what this process's reader
/// reads from the photo. Without OCR the photos get no text (the model's no-text input), said once in the log,
/// rather than failing: the pixels still carry most of what the model sees.
/// </summary>
internal sealed partial class SceneTextResolver(ISceneTextReader? reader, string model, ILogger logger)
{
    private int _offSaid;

    public async Task<IReadOnlyList<SceneTextString>[]> ResolveAsync(IReadOnlyList<byte[]> photos, IReadOnlyList<IReadOnlyList<SceneTextString>?>? given, CancellationToken cancellationToken)
    {
        if (given is not null && given.Count != photos.Count)
        {
            throw new ArgumentException($"{given.Count} scene-text lists were given for {photos.Count} photos.", nameof(given));
        }
        var strings = new IReadOnlyList<SceneTextString>[photos.Count];
        var unread = new List<int>();
        for (var i = 0; i < photos.Count; i++)
        {
            if (given?[i] is { } known) strings[i] = known;
            else unread.Add(i);
        }
        if (unread.Count == 0) return strings;

        var read = await ReadAsync([.. unread.Select(i => photos[i])], cancellationToken);
        for (var j = 0; j < unread.Count; j++) strings[unread[j]] = read is null ? [] : read[j];
        return strings;
    }

    private async Task<IReadOnlyList<ImmutableArray<SceneTextString>>?> ReadAsync(IReadOnlyList<byte[]> photos, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            SayOff("this process has no OCR engine.");
            return null;
        }
        try
        {
            return await reader.ReadAsync(photos, cancellationToken);
        }
        catch (OcrUnavailableException unavailable)
        {
            SayOff(unavailable.Message);
            return null;
        }
    }

    private void SayOff(string reason)
    {
        if (Interlocked.Exchange(ref _offSaid, 1) == 0) LogSceneTextOff(logger, model, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scene text is off for model '{Model}': the text in photos cannot be read ({Reason}). Its photos are encoded as photos without text, which matches photos with writing on them less well; make OCR available and restart to turn it on.")]
    private static partial void LogSceneTextOff(ILogger logger, string model, string reason);
}
