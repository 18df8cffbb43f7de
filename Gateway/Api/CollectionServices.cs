using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the collection endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record CollectionServices(
    ClusterCatalog Catalog,
    ManifestRegistry Manifests,
    IOptions<RequestLimits> Limits);
