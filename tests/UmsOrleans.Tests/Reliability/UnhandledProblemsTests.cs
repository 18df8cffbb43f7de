using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Search;
using UmsOrleans.Gateway.Api;

namespace UmsOrleans.Tests.Reliability;

public sealed class UnhandledProblemsTests
{
    [Fact]
    public async Task Any_other_failure_is_a_500_problem_without_dotnet_type_names()
    {
        var (status, body) = await HandleAsync(new InvalidOperationException("Sequence contains no elements"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.Equal("An unexpected error occurred.", JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("Sequence contains", body);
    }

    [Fact]
    public async Task A_wrapped_memory_budget_failure_is_a_507_naming_the_setting()
    {
        var (status, body) = await HandleAsync(new AggregateException(new MemoryBudgetExceededException(10, 20, 25)));

        Assert.Equal(StatusCodes.Status507InsufficientStorage, status);
        Assert.Equal(MemoryBudgetExceededException.SettingName, JsonDocument.Parse(body).RootElement.GetProperty("setting").GetString());
        Assert.DoesNotContain("Exception", body);
    }

    private static async Task<(int Status, string Body)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        Assert.True(await new UnhandledProblems(NullLogger<UnhandledProblems>.Instance).TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
