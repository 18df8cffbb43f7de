using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>A finished training: the adapter version stored (with its validation scores) and how its training set was made.</summary>
public sealed record AdapterTrainingResult(StoredAdapter Adapter, TrainingSetCounts TrainingSet);
