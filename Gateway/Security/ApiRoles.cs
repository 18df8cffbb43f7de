namespace UmsOrleans.Gateway.Security;

/// <summary>The roles an API key can have, and the authorization policies made from them.</summary>
public static class ApiRoles
{
    /// <summary>Everything: collections, writes, ingestion, evaluations.</summary>
    public const string Admin = "admin";

    /// <summary>Reads only: GET endpoints and the search POSTs.</summary>
    public const string Search = "search";

    public static readonly string[] All = [Admin, Search];

    /// <summary>Policy: a search or an admin key. Put it on POST endpoints that only read (search, recommend).</summary>
    public const string SearchPolicy = "ums-search";
}
