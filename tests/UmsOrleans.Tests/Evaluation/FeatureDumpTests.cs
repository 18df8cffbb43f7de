using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

public sealed class FeatureDumpTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("eval-dump");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Dump_writes_both_matrices_and_the_item_order_with_zero_rows_for_missing_halves()
    {
        var root = Path.Combine(_directory, "data");
        using (var dump = new FeatureDump(_directory, "product1m_test", root, imageDimension: 2, textDimension: 3))
        {
            dump.Append(new EvalItem(0, "q1", ["a", "b", "a"], Path.Combine(root, "imgs", "q1.jpg"), "t"), [0.6f, 0.8f], [1, 0, 0]);
            dump.Append(new EvalItem(2, "q3", ["c"], null, "t"), [], [0, 1, 0]);
            dump.Complete();
        }

        var image = NpyReader.ReadMatrix(Path.Combine(_directory, "product1m_test_image_features.npy"));
        var text = NpyReader.ReadMatrix(Path.Combine(_directory, "product1m_test_text_features.npy"));
        var items = FeatureDump.ReadItems(Path.Combine(_directory, "product1m_test_items.tsv"));

        Assert.Equal([0.6f, 0.8f, 0f, 0f], image.Data);
        Assert.Equal((2, 3), (text.Rows, text.Columns));
        Assert.Equal([(0, "q1", "a#;#b#;#a", "imgs/q1.jpg"), (2, "q3", "c", "")], items);
        Assert.Equal(FeatureDump.ItemsHeader, File.ReadLines(Path.Combine(_directory, "product1m_test_items.tsv")).First());
    }
}
