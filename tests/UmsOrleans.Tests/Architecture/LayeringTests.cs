using System.Reflection;
using System.Xml.Linq;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Architecture;

/// <summary>
/// The layers, and the direction of every dependency between them: Grains.Interfaces and the engine depend on
/// nothing of ours; the importer on the engine; the grains on both leaves; the silo on the grains; the gateway on
/// the grains and the importer. The engine holds no Orleans, the silo ships no importer packages.
/// </summary>
public class LayeringTests
{
    private static readonly Dictionary<string, string[]> AllowedProjectReferences = new()
    {
        ["Grains.Interfaces"] = [],
        ["Engine"] = [],
        ["Importer"] = ["Engine"],
        ["Grains"] = ["Grains.Interfaces", "Engine"],
        ["Silo"] = ["Grains"],
        ["Gateway"] = ["Grains", "Importer"],
    };

    private static readonly Dictionary<string, string> NamespaceOfAssembly = new()
    {
        ["UmsOrleans.Engine"] = "UmsOrleans.Engine",
        ["UmsOrleans.Importer"] = "UmsOrleans.Importer",
        ["UmsOrleans.Grains"] = "UmsOrleans.Grains",
        ["UmsOrleans.Gateway"] = "UmsOrleans.Gateway",
    };

    public static TheoryData<string> Projects => [.. AllowedProjectReferences.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_references_only_the_layers_below_it(string project)
    {
        var file = Path.Combine(TestPaths.RepositoryRoot, project, $"{project}.csproj");
        var references = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order()
            .ToList();
        Assert.Equal(AllowedProjectReferences[project].Order(), references);
    }

    [Theory]
    [InlineData("UmsOrleans.Engine")]
    [InlineData("UmsOrleans.Grains.Interfaces")]
    public void A_leaf_assembly_references_no_assembly_of_ours(string assembly)
    {
        var ours = References(assembly).Where(r => r.StartsWith("UmsOrleans.", StringComparison.Ordinal)).ToList();
        Assert.Empty(ours);
    }

    [Fact]
    public void The_engine_references_no_Orleans_assembly()
    {
        Assert.DoesNotContain(References("UmsOrleans.Engine"), r => r.StartsWith("Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(Closure("UmsOrleans.Engine"), r => r.StartsWith("Orleans", StringComparison.Ordinal));
    }

    [Fact]
    public void The_silo_ships_no_checkpoint_importer_or_its_packages()
    {
        var closure = Closure("UmsOrleans.Silo");
        Assert.Contains("UmsOrleans.Grains", closure); // the walk itself works
        Assert.DoesNotContain("UmsOrleans.Importer", closure);
        Assert.DoesNotContain("Razorvine.Pickle", closure);
        // Microsoft.ML.Tokenizers depends on Google.Protobuf (for SentencePiece models); nothing else may bring it.
        var protobufUsers = closure.Where(name => Referrers(name).Contains("Google.Protobuf")).ToList();
        Assert.All(protobufUsers, user => Assert.Equal("Microsoft.ML.Tokenizers", user));
    }

    private static IReadOnlyList<string> Referrers(string assembly)
    {
        try
        {
            return References(assembly);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    [Theory]
    [InlineData("UmsOrleans.Engine")]
    [InlineData("UmsOrleans.Importer")]
    [InlineData("UmsOrleans.Grains")]
    [InlineData("UmsOrleans.Gateway")]
    public void Every_type_of_a_layer_lives_in_its_namespace(string assembly)
    {
        var root = NamespaceOfAssembly[assembly];
        var strays = Assembly.Load(assembly).GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("UmsOrleans", StringComparison.Ordinal))
            .Where(t => t.Namespace != root && !t.Namespace!.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(strays);
    }

    private static IReadOnlyList<string> References(string assembly) =>
        [.. Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!)];

    /// <summary>Every assembly reachable from <paramref name="assembly"/> through references (framework ones included).</summary>
    private static HashSet<string> Closure(string assembly)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { assembly };
        var pending = new Stack<string>([assembly]);
        while (pending.TryPop(out var name))
        {
            Assembly loaded;
            try
            {
                loaded = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                continue; // a facade the runtime resolves elsewhere
            }
            foreach (var reference in loaded.GetReferencedAssemblies())
            {
                if (seen.Add(reference.Name!)) pending.Push(reference.Name!);
            }
        }
        return seen;
    }
}
