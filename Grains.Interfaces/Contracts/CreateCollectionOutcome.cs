namespace UmsOrleans.Contracts;

/// <summary>What happened on create: created now, existed already with the same settings, or with other settings.</summary>
[GenerateSerializer, Immutable, Alias("ums.CreateCollectionOutcome")]
public sealed record CreateCollectionOutcome(
    [property: Id(0)] CreateCollectionStatus Status,
    [property: Id(1)] CollectionSpec Existing);

[GenerateSerializer, Alias("ums.CreateCollectionStatus")]
public enum CreateCollectionStatus
{
    Created = 0,
    AlreadyExists = 1,
    Conflict = 2,
}
