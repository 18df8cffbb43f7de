using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Tests.Reliability;

public sealed class MembershipRepairTests
{
    private const string Me = "S127.0.0.1:11111:1";
    private const string Other = "S127.0.0.1:11112:1";

    private static readonly Dictionary<string, string> Whole = new() { ["Version"] = "7", [Me] = "{me}", [Other] = "{other}" };

    [Fact]
    public void A_whole_table_is_remembered_without_its_version_among_the_rows()
    {
        Assert.Equal(MembershipRepairAction.Remember, MembershipRepair.Decide(Whole, Me, last: null));
        var copy = MembershipRepair.Copy(Whole);
        Assert.Equal("7", copy.Version);
        Assert.Equal([Me, Other], copy.Rows.Keys.Order());
    }

    [Fact]
    public void A_table_without_its_version_is_restored_from_the_copy()
    {
        var copy = MembershipRepair.Copy(Whole);
        Assert.Equal(MembershipRepairAction.RestoreTable, MembershipRepair.Decide(new Dictionary<string, string>(), Me, copy));
        Assert.Equal(MembershipRepairAction.RestoreTable, MembershipRepair.Decide(new Dictionary<string, string> { [Other] = "{other}" }, Me, copy));
    }

    [Fact]
    public void A_table_gone_before_any_copy_cannot_be_restored()
    {
        Assert.Equal(MembershipRepairAction.CannotRestore, MembershipRepair.Decide(new Dictionary<string, string>(), Me, last: null));
    }

    [Fact]
    public void A_table_that_lost_only_this_silo_gets_its_row_back()
    {
        var copy = MembershipRepair.Copy(Whole);
        var withoutMe = new Dictionary<string, string> { ["Version"] = "7", [Other] = "{other}" };
        Assert.Equal(MembershipRepairAction.ReinsertOwnRow, MembershipRepair.Decide(withoutMe, Me, copy));
        Assert.Equal(MembershipRepairAction.None, MembershipRepair.Decide(withoutMe, Me, last: null));
    }
}
