namespace UmsOrleans.Grains.Hosting;

internal enum MembershipRepairAction
{
    /// <summary>The table is whole and holds this silo: keep it as the copy to restore from.</summary>
    Remember,

    /// <summary>The table's version field is gone (Redis restarted empty or was flushed): write the copy back.</summary>
    RestoreTable,

    /// <summary>The table exists but this silo's row is gone: write the row back from the copy.</summary>
    ReinsertOwnRow,

    /// <summary>The table is gone and this silo never read it whole: nothing to restore from.</summary>
    CannotRestore,

    /// <summary>Nothing to do or to remember.</summary>
    None,
}

/// <summary>
/// What the membership watchdog does with one reading of the Redis membership hash (Orleans.Clustering.Redis:
/// one hash per cluster holding a <c>Version</c> field and one field per silo, named by its silo address).
/// </summary>
internal static class MembershipRepair
{
    public const string VersionField = "Version";

    public static MembershipRepairAction Decide(IReadOnlyDictionary<string, string> table, string ownRow, MembershipTableCopy? last)
    {
        if (!table.ContainsKey(VersionField)) return last is null ? MembershipRepairAction.CannotRestore : MembershipRepairAction.RestoreTable;
        if (table.ContainsKey(ownRow)) return MembershipRepairAction.Remember;
        return last is not null && last.Rows.ContainsKey(ownRow) ? MembershipRepairAction.ReinsertOwnRow : MembershipRepairAction.None;
    }

    /// <summary>The copy to keep from a table that holds its version field.</summary>
    public static MembershipTableCopy Copy(IReadOnlyDictionary<string, string> table) =>
        new(table[VersionField], table.Where(f => f.Key != VersionField).ToDictionary(f => f.Key, f => f.Value));
}
