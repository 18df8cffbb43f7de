using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

public sealed class DataRootTests : IDisposable
{
    private readonly string _outside = TestPaths.NewTempDirectory("outside");
    private readonly string _root = TestPaths.NewTempDirectory("root");

    public DataRootTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "photos"));
        File.WriteAllText(Path.Combine(_root, "photos", "a.jpg"), "inside");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "outside");
        File.CreateSymbolicLink(Path.Combine(_root, "photos", "escape.jpg"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "elsewhere"), _outside);
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "photos"));
    }

    [Theory]
    [InlineData("photos/a.jpg")]
    [InlineData("./photos/a.jpg")]
    [InlineData("alias/a.jpg")]
    public void A_file_inside_the_root_resolves_to_its_real_path(string requested)
    {
        var (path, error) = new DataRoot(_root).Resolve(requested);
        Assert.Null(error);
        Assert.Equal(Path.Combine(DataRoot.RealPath(_root), "photos", "a.jpg"), path);
        Assert.Equal("inside", File.ReadAllText(path!));
    }

    [Fact]
    public void An_absolute_path_inside_the_root_is_accepted() =>
        Assert.Null(new DataRoot(_root).Resolve(Path.Combine(_root, "photos", "a.jpg")).Error);

    [Theory]
    [InlineData("../outside.txt", "'..'")]
    [InlineData("photos/../photos/a.jpg", "'..'")]
    [InlineData("/etc/hostname", "inside the data root")]
    [InlineData("photos/escape.jpg", "link")]
    [InlineData("elsewhere/secret.txt", "link")]
    [InlineData("photos/none.jpg", "no such file")]
    [InlineData("photos", "no such file")]
    [InlineData("", "relative")]
    public void Paths_that_leave_the_root_or_name_no_file_are_refused(string requested, string reason)
    {
        var (path, error) = new DataRoot(_root).Resolve(requested);
        Assert.Null(path);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_absolute_path_of_a_file_outside_is_refused() =>
        Assert.NotNull(new DataRoot(_root).Resolve(Path.Combine(_outside, "secret.txt")).Error);

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
