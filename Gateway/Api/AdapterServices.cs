using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the adapter endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record AdapterServices(
    ClusterCatalog Catalog,
    ClusterAdapters Adapters,
    IOptions<RequestLimits> Limits);
