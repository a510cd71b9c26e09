using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.Identity;

/// <summary>The identity cache's settings refuse to start out of range, naming the setting.</summary>
public sealed class IdentityCacheOptionsTests
{
    private static ValidateOptionsResult Validate(int seconds, int maxEntries) =>
        new IdentityCacheOptionsValidator().Validate(null, new IdentityCacheOptions { Seconds = seconds, MaxEntries = maxEntries });

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 10_000)]
    [InlineData(60, 1_000_000)]
    public void SettingsInRange_AreAccepted(int seconds, int maxEntries) => Assert.True(Validate(seconds, maxEntries).Succeeded);

    [Theory]
    [InlineData(-1, 10_000, "IdentityCache:Seconds -1 must be between 0 and 60")]
    [InlineData(61, 10_000, "IdentityCache:Seconds 61 must be between 0 and 60")]
    [InlineData(5, 0, "IdentityCache:MaxEntries 0 must be between 1 and 1000000")]
    [InlineData(5, 1_000_001, "IdentityCache:MaxEntries 1000001 must be between 1 and 1000000")]
    public void SettingsOutOfRange_AreRefused_NamingTheSetting(int seconds, int maxEntries, string problem)
    {
        ValidateOptionsResult result = Validate(seconds, maxEntries);

        Assert.True(result.Failed);
        Assert.Contains(problem, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaults_AreFiveSecondsAndTenThousandRows() =>
        Assert.Equal((5, 10_000), (new IdentityCacheOptions().Seconds, new IdentityCacheOptions().MaxEntries));
}
