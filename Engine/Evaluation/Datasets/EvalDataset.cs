namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// A dataset ready to run: its layout, root folder, query set and gallery set. For SOP the two sets are the
/// same list (leave-one-out); for CTC the queries are the captions and the gallery the images, and both
/// directions are evaluated.
/// </summary>
public sealed record EvalDataset(EvalLayout Layout, string Root, EvalSet Queries, EvalSet Gallery)
{
    /// <summary>True when every query is also a gallery item at the same index and must not retrieve itself.</summary>
    public bool LeaveOneOut => Layout == EvalLayout.Sop;
}
