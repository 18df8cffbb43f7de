namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>Where a training job is: reading the collection's products, training, saving the adapter.</summary>
public enum AdapterTrainingStep
{
    ReadingProducts,
    Training,
    Saving,
}

/// <summary>Where a training job stands. <see cref="Interrupted"/> is never reached by a job itself: it is how a job whose process stopped reads back.</summary>
public enum AdapterJobPhase
{
    Running,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}

public static class AdapterTrainingStepText
{
    /// <summary>The step as the API shows it: <c>reading products</c>, <c>training</c>, <c>saving</c>.</summary>
    public static string Describe(this AdapterTrainingStep step) => step switch
    {
        AdapterTrainingStep.ReadingProducts => "reading products",
        AdapterTrainingStep.Training => "training",
        _ => "saving",
    };
}
