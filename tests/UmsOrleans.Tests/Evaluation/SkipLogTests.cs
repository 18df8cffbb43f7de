using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Tests.Evaluation;

public sealed class SkipLogTests
{
    [Fact]
    public void A_set_read_by_two_directions_lists_each_skip_once()
    {
        var skips = new SkipLog();
        var missing = new SkippedItem("images", 3, "img-3", "a/3.jpg", "no such file");
        skips.Add(missing);
        skips.Add(missing with { }); // the second direction reading the same set
        skips.Add(missing with { Index = 4, Id = "img-4" });

        Assert.Equal(2, skips.Count);
        Assert.Equal(["img-3", "img-4"], skips.Snapshot().Select(s => s.Id));
    }
}
