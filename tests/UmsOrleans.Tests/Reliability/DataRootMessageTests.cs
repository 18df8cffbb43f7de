using System.Net;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>A path refused over HTTP names the setting of the data root and how to point it at a datasets folder.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class DataRootMessageTests(EmbeddedGatewayFixture gateway)
{
    [Fact]
    public async Task A_refused_ingest_catalog_names_the_ingest_data_root_setting()
    {
        using var response = await gateway.Client.PostAsync($"/collections/paths-{Guid.NewGuid():N}/ingest", EmbeddedGatewayFixture.Json("""{"catalog": "datasets/grocery/catalog.jsonl"}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("--Ums:Ingest:DataRoot=/path/to/datasets", text);
    }

    [Fact]
    public async Task A_refused_evaluation_dataset_names_the_evaluation_data_root_setting()
    {
        using var response = await gateway.Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json("""{"task": "sop", "data": "no-such-dataset"}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("--Ums:Evaluation:DataRoot=/path/to/datasets", text);
    }
}
