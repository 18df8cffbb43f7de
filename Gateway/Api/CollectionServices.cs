using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the collection endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record CollectionServices(
    ClusterCatalog Catalog,
    ClusterEncoders Encoders,
    IOptions<RequestLimits> Limits);
