using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// <c>POST /collections/{name}/adapters/{version}/activate</c>: makes a stored adapter version (or <c>none</c>) the one
/// searches use. Answers, with the collection's adapters as <c>GET /collections/{name}/adapters</c> lists them, once every
/// shard has projected its vectors by it, so the next search already goes through it.
/// </summary>
public static class AdapterActivationApi
{
    public static async Task<Results<Ok<AdaptersResponse>, ProblemHttpResult>> Activate(string name, string version, [AsParameters] AdapterServices services)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        int? wanted = null;
        if (version != "none")
        {
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return Problems.BadRequest(new FieldError("version", "must be an adapter version (1, 2, …) or \"none\"."));
            }
            wanted = number;
        }
        try
        {
            var updated = await services.Catalog.ActivateAdapterAsync(name, wanted);
            var stored = await services.Adapters.ListAdaptersAsync(name);
            return TypedResults.Ok(AdaptersResponse.From(updated.Name, updated.ActiveAdapter, stored?.Adapters ?? []));
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
        catch (KeyNotFoundException exception)
        {
            return Problems.NotFound("version", exception.Message);
        }
        catch (ArgumentException exception)
        {
            return Problems.BadRequest(new FieldError("version", exception.Message));
        }
        catch (MemoryBudgetExceededException exception)
        {
            return Problems.Field(StatusCodes.Status507InsufficientStorage, "The projected vectors do not fit the memory budget.",
                new FieldError("version", $"{exception.Message} The setting is {MemoryBudgetExceededException.SettingName}."),
                new Dictionary<string, object?> { ["setting"] = MemoryBudgetExceededException.SettingName });
        }
    }

    /// <summary>Whether text queries reach photos: the model is aligned, or the active adapter is an alignment.</summary>
    public static bool AlignedTextSearchesImage(CollectionSpec spec, Engine.Encoders.Manifests.ManifestRegistry manifests) =>
        spec.AdapterAligns || (spec.Model is { } model && manifests.Resolve(model).AlignedTextSearchesImage);
}
