using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace UmsOrleans.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose metadata says <c>hardware.accelerator=gpu</c>, or all candidates when none
/// does. Unlike Orleans's RequiredMatch filter it does not compare with the placing silo, so a placement
/// started on a CPU silo still lands on a GPU silo.
/// </summary>
internal sealed class AcceleratorPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var candidates = silos as IReadOnlyCollection<SiloAddress> ?? silos.ToList();
        var accelerated = candidates.Where(HasAccelerator).ToList();
        return accelerated.Count > 0 ? accelerated : candidates;
    }

    private bool HasAccelerator(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloAccelerator.MetadataKey, out var value) && value == SiloAccelerator.Gpu;
}
