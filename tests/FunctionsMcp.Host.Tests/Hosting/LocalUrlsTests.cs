using FunctionsMcp.Host.Hosting;
using FunctionsMcp.OAuth;
using Microsoft.Extensions.Configuration;

namespace FunctionsMcp.Host.Tests.Hosting;

public sealed class LocalUrlsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void LocalUrls_WithNothingSet_ListensWhereFuncStartWould() =>
        Assert.Equal("http://localhost:7071", LocalUrls.Select(Config()));

    [Fact]
    public void LocalUrls_WithExplicitUrls_KeepsThem() =>
        Assert.Null(LocalUrls.Select(Config(("urls", "http://127.0.0.1:5055"))));

    [Theory]
    [InlineData("https://mcp.example.org", true)]
    [InlineData("https://mcp.example.org/", true)]
    [InlineData("https://func-abc.azurewebsites.net/tenant-a", true)]
    [InlineData("http://localhost:7071", true)]
    [InlineData("http://127.0.0.1:7071", true)]
    [InlineData("http://mcp.example.org", false)]
    [InlineData("mcp.example.org", false)]
    [InlineData("ftp://mcp.example.org", false)]
    [InlineData("https://mcp.example.org/?x=1", false)]
    [InlineData("https://mcp.example.org/#frag", false)]
    [InlineData(" ", false)]
    public void ServerOptionsValidator_AcceptsOnlyAbsolutePublicUrls(string baseUrl, bool valid)
    {
        var result = new ServerOptionsValidator().Validate(null, new ServerOptions { BaseUrl = baseUrl });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.Contains("Server:BaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicBaseUri_DropsTheTrailingSlashOfAPath() =>
        Assert.Equal("https://mcp.example.org/tenant-a", new ServerOptions { BaseUrl = "https://mcp.example.org/tenant-a/" }.PublicBaseUri.AbsoluteUri);
}
