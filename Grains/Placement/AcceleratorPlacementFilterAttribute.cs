using Orleans.Placement;

namespace UmsOrleans.Grains.Placement;

/// <summary>Places a grain only on silos advertising an accelerator, when at least one does; anywhere otherwise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AcceleratorPlacementFilterAttribute() : PlacementFilterAttribute(new AcceleratorPlacementFilterStrategy());

/// <summary>The strategy object Orleans attaches to the grain type; it carries no settings.</summary>
public sealed class AcceleratorPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);
