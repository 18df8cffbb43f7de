using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>What the evaluation endpoints need, gathered for <c>[AsParameters]</c>.</summary>
public sealed record EvaluationServices(
    ClusterEvaluations Evaluations,
    EvaluationPaths Paths,
    ManifestRegistry Manifests,
    IOptions<RequestLimits> Limits);
