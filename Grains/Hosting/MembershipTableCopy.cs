namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// The Redis membership hash as this silo last read it: the table version and every silo's row, kept verbatim
/// (Orleans's own JSON), so that the table can be written back exactly as it was.
/// </summary>
internal sealed record MembershipTableCopy(string Version, IReadOnlyDictionary<string, string> Rows);
