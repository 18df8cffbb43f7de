using System.Collections.Immutable;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.RegularExpressions;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Turns HTTP inputs into wire messages, or says which field is wrong. Vectors are checked (known space,
/// dimension, finite, not zero) and L2-normalised here, once, before anything is written.
/// </summary>
public static partial class Validation
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    public static FieldError? CheckName(string name, string field) =>
        NamePattern().IsMatch(name) ? null : new FieldError(field, "must be 1 to 64 letters, digits, '_' or '-'.");

    /// <summary>
    /// A collection from <c>spaces</c>, or from <c>model</c>, whose manifest gives the spaces
    /// (<paramref name="manifestOf"/> throws <see cref="InvalidManifestException"/> for an unknown model).
    /// Both at once are refused, so a collection's spaces have one source. A model that reads scene text keeps what
    /// it reads with each product unless <c>sceneText</c> says false.
    /// </summary>
    public static (CollectionSpec? Spec, FieldError? Error) ToCollectionSpec(string name, CreateCollectionRequest? request, Func<string, ModelManifest> manifestOf)
    {
        if (CheckName(name, "name") is { } nameError) return (null, nameError);
        if (request is null) return (null, new FieldError("$", "a JSON body {\"shards\": N, \"model\": \"default\"} or {\"shards\": N, \"spaces\": {...}} is required."));
        if (request.Shards is not { } shards) return (null, CheckShards(0));
        if (CheckShards(shards) is { } shardsError) return (null, shardsError);
        var (quantization, quantizationError) = ToQuantization(request.Quantization);
        if (quantizationError is not null) return (null, quantizationError);
        var (index, indexError) = ToIndex(request.Index);
        if (indexError is not null) return (null, indexError);
        if (CheckReplicas(request.Replicas) is { } replicasError) return (null, replicasError);
        var replicas = request.Replicas ?? 1;
        if (request.Model is { } model)
        {
            if (request.Spaces is not null) return (null, new FieldError("model", "give either 'model' (the spaces come from its manifest) or 'spaces', not both."));
            if (string.IsNullOrWhiteSpace(model) || model.Length > RequestLimits.MaxTextLength) return (null, new FieldError("model", "must name a model ('default', a configured name or a model folder inside the models directory)."));
            try
            {
                var manifest = manifestOf(model);
                ImmutableArray<VectorSpace> modelSpaces = [.. manifest.Spaces.Select(s => new VectorSpace(s.Name, s.Dimension))];
                var sceneText = request.SceneText ?? manifest.Image?.SceneText is not null;
                return (new CollectionSpec(name, shards, modelSpaces, model, quantization, SceneText: sceneText, Index: index, Replicas: replicas), null);
            }
            catch (InvalidManifestException exception)
            {
                return (null, new FieldError("model", exception.Message));
            }
        }
        if (request.SceneText == true) return (null, new FieldError("sceneText", "reading scene text needs a model to read photos with: create the collection with \"model\"."));
        if (request.Spaces is null || request.Spaces.Count == 0 || request.Spaces.Count > RequestLimits.MaxSpaces)
        {
            return (null, new FieldError("spaces", $"must name 1 to {RequestLimits.MaxSpaces} vector spaces with their dimensions (or give 'model' instead)."));
        }
        foreach (var (space, dimension) in request.Spaces)
        {
            if (CheckName(space, $"spaces.{space}") is { } spaceError) return (null, spaceError);
            if (dimension < 1 || dimension > RequestLimits.MaxDimension)
            {
                return (null, new FieldError($"spaces.{space}", $"dimension must be from 1 to {RequestLimits.MaxDimension}."));
            }
        }
        var spaces = request.Spaces.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new VectorSpace(s.Key, s.Value)).ToImmutableArray();
        return (new CollectionSpec(name, shards, spaces, Quantization: quantization, Index: index, Replicas: replicas), null);
    }

    /// <summary><c>shards</c> of a resharding: 1 to <see cref="RequestLimits.MaxShards"/>.</summary>
    public static FieldError? CheckShards(int shards) =>
        shards is < 1 or > RequestLimits.MaxShards ? new FieldError("shards", $"must be an integer from 1 to {RequestLimits.MaxShards}.") : null;

    /// <summary><c>replicas</c>: absent (one) or 1 to <see cref="CollectionSpec.MaxReplicas"/>.</summary>
    public static FieldError? CheckReplicas(int? replicas) =>
        replicas is < 1 or > CollectionSpec.MaxReplicas
            ? new FieldError("replicas", $"must be an integer from 1 to {CollectionSpec.MaxReplicas} (how many silos hold each shard).")
            : null;

    /// <summary><c>index</c>: absent or flat (null), or hnsw with its parameters in range (defaults for those not given).</summary>
    public static (AnnIndexSpec? Spec, FieldError? Error) ToIndex(IndexRequest? request)
    {
        if (request is null) return (null, null);
        switch (request.Type?.ToLowerInvariant())
        {
            case "flat":
                return request is { M: null, EfConstruction: null, Ef: null, Precision: null }
                    ? (null, null)
                    : (null, new FieldError("index.type", "\"m\", \"efConstruction\", \"ef\" and \"precision\" apply only to \"hnsw\"."));
            case "hnsw":
                break;
            default:
                return (null, new FieldError("index.type", "must be \"flat\" or \"hnsw\"."));
        }
        var m = request.M ?? AnnIndexSpec.DefaultM;
        if (m < AnnIndexSpec.MinM || m > AnnIndexSpec.MaxM) return (null, new FieldError("index.m", $"must be an integer from {AnnIndexSpec.MinM} to {AnnIndexSpec.MaxM}."));
        var efConstruction = request.EfConstruction ?? AnnIndexSpec.DefaultEfConstruction;
        if (OutOfEfRange(efConstruction)) return (null, new FieldError("index.efConstruction", $"must be an integer from {AnnIndexSpec.MinEf} to {AnnIndexSpec.MaxEf}."));
        var ef = request.Ef ?? AnnIndexSpec.DefaultEf;
        if (OutOfEfRange(ef)) return (null, new FieldError("index.ef", $"must be an integer from {AnnIndexSpec.MinEf} to {AnnIndexSpec.MaxEf}."));
        var precision = AnnIndexSpec.DefaultPrecision;
        if (request.Precision is { } asked && !AnnPrecisionNames.TryParse(asked, out precision))
        {
            return (null, new FieldError("index.precision", "must be \"i8\", \"bf16\" or \"f16\" (how the graph keeps vectors for its traversal; results are scored exactly)."));
        }
        return (AnnIndexSpec.Hnsw(m, efConstruction, ef, precision), null);
    }

    private static bool OutOfEfRange(int ef) => ef < AnnIndexSpec.MinEf || ef > AnnIndexSpec.MaxEf;

    public static (QuantizationSpec? Spec, FieldError? Error) ToQuantization(QuantizationRequest? request)
    {
        if (request is null) return (null, null);
        QuantizationType type;
        switch (request.Type?.ToLowerInvariant())
        {
            case "none": type = QuantizationType.None; break;
            case "int8": type = QuantizationType.Int8; break;
            default: return (null, new FieldError("quantization.type", "must be \"int8\" or \"none\"."));
        }
        if (type == QuantizationType.None)
        {
            return request.Oversample is null ? (null, null) : (null, new FieldError("quantization.oversample", "applies only to \"int8\"."));
        }
        var oversample = request.Oversample ?? QuantizationSpec.DefaultOversample;
        if (oversample < 1 || oversample > QuantizationSpec.MaxOversample)
        {
            return (null, new FieldError("quantization.oversample", $"must be an integer from 1 to {QuantizationSpec.MaxOversample}."));
        }
        return (QuantizationSpec.Int8(oversample), null);
    }

    /// <summary>A field path under <paramref name="prefix"/> (<c>products[2].image</c>; just <c>image</c> for a form upload).</summary>
    public static string Join(string prefix, string name) => ProductDraft.JoinField(prefix, name);

    public static (ProductRecord? Product, FieldError? Error) ToProduct(CollectionSpec spec, ProductInput? input, string field, int maxPhotos)
    {
        if (input is null) return (null, new FieldError(field, "must be a product object."));
        if (CheckId(input.Id, Join(field, "id")) is { } idError) return (null, idError);
        if (input.Title is { Length: > RequestLimits.MaxTextLength }) return (null, new FieldError(Join(field, "title"), $"is longer than {RequestLimits.MaxTextLength} characters."));
        if (input.Category is { Length: > RequestLimits.MaxIdLength }) return (null, new FieldError(Join(field, "category"), $"is longer than {RequestLimits.MaxIdLength} characters."));
        if (input.Description is { Length: > RequestLimits.MaxTextLength }) return (null, new FieldError(Join(field, "description"), $"is longer than {RequestLimits.MaxTextLength} characters."));
        var (attributes, attributesError) = ToAttributes(input.Attributes, Join(field, "attributes"));
        if (attributesError is not null) return (null, attributesError);
        var vectors = ImmutableArray.CreateBuilder<SpaceVector>();
        foreach (var (space, value) in input.Vectors ?? [])
        {
            var path = Join(field, $"vectors.{space}");
            var several = value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.Array;
            var list = several ? [.. value.EnumerateArray()] : new[] { value };
            if (list.Length > maxPhotos) return (null, new FieldError(path, $"has {list.Length} vectors; at most {maxPhotos} per space are accepted (setting {RequestLimits.Section}:MaxPhotosPerProduct)."));
            for (var i = 0; i < list.Length; i++)
            {
                var itemPath = several ? $"{path}[{i}]" : path;
                var (numbers, numbersError) = ToNumbers(list[i], itemPath);
                if (numbersError is not null) return (null, numbersError);
                var (vector, error) = ToUnitVector(spec, space, numbers, itemPath);
                if (error is not null) return (null, error);
                vectors.Add(SpaceVector.FromFloats(space, vector));
            }
        }
        return (new ProductRecord(input.Id!, input.Title, input.Category, attributes!, vectors.ToImmutable()), null);
    }

    /// <summary>Attribute values as typed values (strings, numbers, booleans, lists of those), or the first bad one.</summary>
    public static (ImmutableDictionary<string, AttributeValue>? Attributes, FieldError? Error) ToAttributes(Dictionary<string, JsonElement>? input, string field)
    {
        var attributes = ImmutableDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
        if (input is null) return (attributes.ToImmutable(), null);
        if (input.Count > RequestLimits.MaxAttributes) return (null, new FieldError(field, $"has more than {RequestLimits.MaxAttributes} entries."));
        foreach (var (key, element) in input)
        {
            var path = $"{field}.{key}";
            if (key.Length is 0 or > RequestLimits.MaxIdLength) return (null, new FieldError(path, $"keys must be 1 to {RequestLimits.MaxIdLength} characters."));
            var (value, error) = AttributeValue.FromJson(element);
            if (error is not null) return (null, new FieldError(path, error));
            if (value!.Scalars.Any(v => v.Text is { Length: > RequestLimits.MaxTextLength }) || value.Items.Length > RequestLimits.MaxAttributes)
            {
                return (null, new FieldError(path, $"strings must be at most {RequestLimits.MaxTextLength} characters and lists at most {RequestLimits.MaxAttributes} long."));
            }
            attributes[key] = value;
        }
        return (attributes.ToImmutable(), null);
    }

    private static (float[]? Numbers, FieldError? Error) ToNumbers(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Array) return (null, new FieldError(field, "must be an array of numbers (or an array of such arrays, one per photo)."));
        var numbers = new float[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out numbers[i])) return (null, new FieldError($"{field}[{i}]", "must be a number."));
            i++;
        }
        return (numbers, null);
    }

    /// <summary>
    /// The shard query: explicit vectors plus <paramref name="contentVectors"/> (encoded from the request's text
    /// or image, already unit length); an explicit vector wins for its space. Weights default to 1. <paramref name="page"/> is
    /// the page <see cref="ToPage"/> checked; the shard query asks for its end (offset + k).
    /// </summary>
    public static (ShardQuery? Query, FieldError? Error) ToQuery(CollectionSpec spec, SearchRequest request, IReadOnlyList<SpaceVector> contentVectors, (int K, int Offset) page)
    {
        if ((request.Vectors is null || request.Vectors.Count == 0) && contentVectors.Count == 0)
        {
            return (null, new FieldError("vectors", "must give at least one query vector (or a 'text' or 'image' to encode)."));
        }
        foreach (var (space, weight) in request.Weights ?? [])
        {
            if (spec.FindSpace(space) is null) return (null, new FieldError($"weights.{space}", $"unknown vector space '{space}'."));
            if (!float.IsFinite(weight)) return (null, new FieldError($"weights.{space}", "must be a finite number."));
        }
        float WeightOf(string space) => request.Weights?.GetValueOrDefault(space, 1f) ?? 1f;
        var vectors = ImmutableArray.CreateBuilder<QueryVector>();
        foreach (var (space, values) in request.Vectors ?? [])
        {
            var (vector, error) = ToUnitVector(spec, space, values, $"vectors.{space}");
            if (error is not null) return (null, error);
            vectors.Add(new QueryVector(space, WeightOf(space), SpaceVector.FromFloats(space, vector).Data));
        }
        foreach (var content in contentVectors)
        {
            if (vectors.Any(v => v.Space == content.Space)) continue;
            vectors.Add(new QueryVector(content.Space, WeightOf(content.Space), content.Data));
        }
        var (filter, filterError) = ToFilter(request.Filter);
        if (filterError is not null) return (null, filterError);
        if (request.Ef is { } ef)
        {
            if (spec.EffectiveIndex.Type != AnnIndexType.Hnsw) return (null, new FieldError("ef", "applies only to collections whose index type is \"hnsw\"."));
            if (OutOfEfRange(ef)) return (null, new FieldError("ef", $"must be an integer from {AnnIndexSpec.MinEf} to {AnnIndexSpec.MaxEf}."));
        }
        return (new ShardQuery(vectors.ToImmutable(), page.Offset + page.K, filter, request.MinScore, Ef: request.Ef), null);
    }

    /// <summary>The page asked for: <c>k</c> (1 to <see cref="RequestLimits.MaxK"/>), <c>offset</c> (offset + k at most <see cref="RequestLimits.MaxWindow"/>), a finite <c>minScore</c>.</summary>
    public static ((int K, int Offset) Page, FieldError? Error) ToPage(SearchRequest request)
    {
        var k = request.K ?? 10;
        if (k < 1 || k > RequestLimits.MaxK) return (default, new FieldError("k", $"must be from 1 to {RequestLimits.MaxK}."));
        var offset = request.Offset ?? 0;
        if (offset < 0) return (default, new FieldError("offset", "must be 0 or more."));
        if ((long)offset + k > RequestLimits.MaxWindow) return (default, new FieldError("offset", $"offset + k must be at most {RequestLimits.MaxWindow}; narrow the search with a filter or minScore instead of paging that deep."));
        if (request.MinScore is { } minScore && !float.IsFinite(minScore)) return (default, new FieldError("minScore", "must be a finite number."));
        return ((k, offset), null);
    }

    /// <summary>The request's filter (see <see cref="ProductFilter.Parse"/>), or the error naming its JSON path.</summary>
    public static (ProductFilter? Filter, FieldError? Error) ToFilter(JsonElement? filter)
    {
        if (filter is not { ValueKind: not JsonValueKind.Null } element) return (null, null);
        var (parsed, error) = ProductFilter.Parse(element, "filter");
        return error is not null ? (null, new FieldError(error.Path, error.Message)) : (parsed, null);
    }

    public static FieldError? CheckId(string? id, string field) =>
        ProductIdRule.IsValid(id) ? null : new FieldError(field, ProductIdRule.Description);

    private static (float[] Vector, FieldError? Error) ToUnitVector(CollectionSpec spec, string space, float[]? values, string field)
    {
        if (spec.FindSpace(space) is not { } target) return ([], new FieldError(field, $"unknown vector space '{space}'; the collection has {string.Join(", ", spec.Spaces.Select(s => s.Name))}."));
        if (values is null || values.Length != target.Dimension) return ([], new FieldError(field, $"must have {target.Dimension} numbers, got {values?.Length ?? 0}."));
        if (!TensorPrimitives.IsFiniteAll<float>(values)) return ([], new FieldError(field, "must hold finite numbers only (no NaN or infinity)."));
        // Scale by the largest magnitude first, so the norm of very large values does not overflow.
        var largest = TensorPrimitives.MaxMagnitude<float>(values);
        if (largest == 0f) return ([], new FieldError(field, "must not be the zero vector (it has no direction to compare)."));
        var unit = new float[values.Length];
        TensorPrimitives.Divide(values, MathF.Abs(largest), unit);
        TensorPrimitives.Divide(unit, TensorPrimitives.Norm<float>(unit), unit);
        return (unit, null);
    }
}
