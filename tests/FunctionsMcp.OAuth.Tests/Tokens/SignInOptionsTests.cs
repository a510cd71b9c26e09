using FunctionsMcp.OAuth.Authorization;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.Tokens;

/// <summary>The development sign-in can only ever run locally: Development environment and a loopback base URL.</summary>
public sealed class SignInOptionsTests
{
    private static ValidateOptionsResult Validate(SignInMode mode, string environment, string baseUrl) =>
        new SignInOptionsValidator(new HostingEnvironment { EnvironmentName = environment }, Options.Create(new ServerOptions { BaseUrl = baseUrl }))
            .Validate(null, new SignInOptions { Mode = mode });

    [Theory]
    [InlineData("Development", "http://localhost:7071")]
    [InlineData("Development", "http://127.0.0.1:5000")]
    public void DevelopmentSignIn_IsAllowedOnALocalRun(string environment, string baseUrl) =>
        Assert.True(Validate(SignInMode.Development, environment, baseUrl).Succeeded);

    [Theory]
    [InlineData("Production", "http://localhost:7071")]
    [InlineData("Staging", "http://127.0.0.1:5000")]
    [InlineData("Testing", "http://127.0.0.1:5000")]
    [InlineData("Development", "https://func-abc.azurewebsites.net")]
    public void DevelopmentSignIn_IsRefusedEverywhereElse_SayingWhy(string environment, string baseUrl)
    {
        ValidateOptionsResult result = Validate(SignInMode.Development, environment, baseUrl);

        Assert.True(result.Failed);
        Assert.Contains("SignIn:Mode Development is only for local runs", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(environment, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EntraSignIn_IsAllowedAnywhere() => Assert.True(Validate(SignInMode.Entra, "Production", "https://func-abc.azurewebsites.net").Succeeded);
}
