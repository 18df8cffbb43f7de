using System.Text.Json;
using UmsOrleans.Gateway.Api;

namespace UmsOrleans.Tests.Http;

/// <summary>An upsert item's status is an enum in code and the same lower-case word on the wire as before.</summary>
public sealed class ItemOutcomeJsonTests
{
    [Theory]
    [InlineData(ItemOutcome.Committed, "committed")]
    [InlineData(ItemOutcome.Rejected, "rejected")]
    [InlineData(ItemOutcome.Failed, "failed")]
    public void Item_status_is_written_as_its_word(ItemOutcome outcome, string word)
    {
        var json = JsonSerializer.Serialize(new ItemStatus("p1", outcome), JsonSerializerOptions.Web);

        Assert.Equal($$"""{"id":"p1","status":"{{word}}","error":null}""", json);
    }
}
