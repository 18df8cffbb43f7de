using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the product endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record ProductServices(
    ClusterCatalog Catalog,
    ProductWriter Writer,
    ProductBuilder Builder,
    DataRoot DataRoot,
    IOptions<RequestLimits> Limits,
    IOptions<EncodingOptions> Encoding);
