using Microsoft.Extensions.Options;
using UmsOrleans.Gateway.Security;

namespace UmsOrleans.Tests.Security;

/// <summary>Wrong key settings are refused at start-up with the setting's name; keys are found in constant time by digest.</summary>
public sealed class ApiKeyOptionsTests
{
    private const string Long = "0123456789abcdef-long-enough";

    private static ApiKeyOptions Keys(params (string Name, string? Key, string? Role)[] keys) => new()
    {
        ApiKeys = keys.ToDictionary(k => k.Name, k => new ApiKeyEntry { Key = k.Key, Role = k.Role }),
    };

    [Theory]
    [InlineData("", "admin", "Ums:Security:ApiKeys:ci:Key must not be empty.")]
    [InlineData("short", "admin", "Ums:Security:ApiKeys:ci:Key must have at least 16 characters.")]
    [InlineData(Long, "owner", "Ums:Security:ApiKeys:ci:Role 'owner' is not a role; it must be 'admin' or 'search'.")]
    [InlineData(Long, null, "Ums:Security:ApiKeys:ci:Role '' is not a role")]
    public void A_wrong_key_setting_names_the_setting(string key, string? role, string message)
    {
        var result = new ApiKeyOptionsValidator().Validate(null, Keys(("ci", key, role)));

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage);
    }

    [Fact]
    public void The_same_key_twice_is_refused_naming_both_settings()
    {
        var result = new ApiKeyOptionsValidator().Validate(null, Keys(("0", Long, "admin"), ("1", Long, "search")));

        Assert.True(result.Failed);
        Assert.Contains("Ums:Security:ApiKeys:1:Key is the same key as Ums:Security:ApiKeys:0:Key", result.FailureMessage);
        Assert.DoesNotContain(Long, result.FailureMessage);
    }

    [Fact]
    public void No_key_and_good_keys_are_valid()
    {
        Assert.True(new ApiKeyOptionsValidator().Validate(null, Keys()).Succeeded);
        Assert.True(new ApiKeyOptionsValidator().Validate(null, Keys(("0", Long, "admin"), ("1", Long + "x", "search"))).Succeeded);
    }

    [Fact]
    public void The_store_finds_a_key_by_its_value_and_nothing_for_a_near_miss()
    {
        var store = new ApiKeyStore(Options.Create(Keys(("ops", Long, "admin"), ("shop", Long + "x", "search"))));

        Assert.Equal(("shop", "search"), store.Find(Long + "x"));
        Assert.Equal(("ops", "admin"), store.Find(Long));
        Assert.Null(store.Find(Long[..^1]));
        Assert.Null(store.Find(""));
        Assert.Equal(1, store.Count("admin"));
    }
}
