using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the search endpoint needs, gathered for <c>[AsParameters]</c>.</summary>
public sealed record SearchServices(
    ClusterCatalog Catalog,
    ClusterEncoders Encoders,
    IOptions<RequestLimits> Limits,
    IOptions<EncodingOptions> Encoding,
    ClusterSceneText SceneText);
