using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Gateway.Ingestion;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the ingestion endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record IngestionServices(
    ClusterCatalog Catalog,
    IngestJobs Jobs,
    DataRoot DataRoot,
    IOptions<RequestLimits> Limits);
