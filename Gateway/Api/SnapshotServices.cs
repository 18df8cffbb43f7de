using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the snapshot endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record SnapshotServices(
    ClusterCatalog Catalog,
    ICatalogSnapshotSource Source,
    SnapshotDirectory Snapshots,
    TimeProvider Time,
    IOptions<SnapshotOptions> Options,
    IOptions<RequestLimits> Limits,
    ILogger<SnapshotServices> Logger);
