using Orleans.Placement;

namespace UmsOrleans.Grains.Placement;

/// <summary>Places each replica of a shard on a silo that holds no other replica of it, while there are enough silos.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DistinctReplicaPlacementAttribute() : PlacementAttribute(new DistinctReplicaPlacement());

/// <summary>The strategy object Orleans attaches to the shard grain type; it carries no settings.</summary>
[GenerateSerializer, Immutable, Alias("ums.DistinctReplicaPlacement")]
public sealed class DistinctReplicaPlacement : PlacementStrategy;
