using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// A keyword or hybrid search of a collection that reads scene text, given a photo and no <c>text</c>, looks for the
/// words read from the photo (OCR on the silos, as at ingest): a shelf photo of a carton finds the products whose
/// title, attributes or own photos carry its brand. The lines read are returned with the answer (<c>readText</c>), and
/// with their boxes go to a scene-text model encoding the same photo, so it is not read twice.
/// </summary>
public static class PhotoWords
{
    /// <summary>
    /// The lines read from the photo when the search asks for them (else null): the words to look for, and every line
    /// with its box; or a problem naming the photo.
    /// </summary>
    public static async Task<(IReadOnlyList<string>? Lines, IReadOnlyList<SceneTextString>? Read, ProblemHttpResult? Problem)> ReadAsync(
        CollectionSpec spec, SearchRequest body, byte[]? photo, ClusterSceneText sceneText, string prefix, CancellationToken cancellationToken)
    {
        if (!spec.SceneText || photo is null || !string.IsNullOrWhiteSpace(body.Text) || body.Mode?.ToLowerInvariant() is not ("keyword" or "hybrid"))
        {
            return (null, null, null);
        }
        IReadOnlyList<SceneTextString> read;
        try
        {
            read = (await sceneText.ReadAsync([photo], cancellationToken))[0];
        }
        catch (InvalidOperationException exception)
        {
            return (null, null, Problems.Field(StatusCodes.Status503ServiceUnavailable, "The text in the photo cannot be read.",
                new FieldError(Validation.Join(prefix, "image"), $"{exception.Message} Give the words in 'text' instead.")));
        }
        if (read.Count == 0)
        {
            return (null, null, Problems.BadRequest(new FieldError(Validation.Join(prefix, "image"), "no text could be read from the photo; give the words to look for in 'text'.")));
        }
        return (Within([.. read.Select(line => line.Text)], RequestLimits.MaxTextLength), read, null);
    }

    /// <summary>The first lines whose words, joined by spaces, stay within <paramref name="limit"/> characters.</summary>
    private static List<string> Within(IReadOnlyList<string> lines, int limit)
    {
        var kept = new List<string>();
        var length = 0;
        foreach (var line in lines)
        {
            length += line.Length + (kept.Count > 0 ? 1 : 0);
            if (length > limit) break;
            kept.Add(line);
        }
        return kept.Count > 0 ? kept : [lines[0][..limit]];
    }
}
