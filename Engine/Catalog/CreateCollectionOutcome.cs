namespace UmsOrleans.Engine.Catalog;

/// <summary>What happened on create: created now, existed already with the same settings, or with other settings.</summary>
public sealed record CreateCollectionOutcome(
    CreateCollectionStatus Status,
    CollectionSpec Existing);

public enum CreateCollectionStatus
{
    Created = 0,
    AlreadyExists = 1,
    Conflict = 2,
}
