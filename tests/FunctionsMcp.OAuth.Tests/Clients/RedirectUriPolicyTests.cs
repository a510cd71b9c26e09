using FunctionsMcp.OAuth.Clients;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.Clients;

public sealed class RedirectUriPolicyTests
{
    private static RedirectUriPolicy Policy(string[]? allowed = null, string[]? denied = null) =>
        new(Options.Create(new OAuthClientOptions { RedirectHostsAllowed = allowed ?? [], RedirectHostsDenied = denied ?? [] }));

    [Theory]
    [InlineData("https://claude.ai/api/mcp/auth_callback")]
    [InlineData("https://chatgpt.com/connector/oauth/abc123")]
    [InlineData("https://app.example.org/callback?x=1")]
    [InlineData("http://127.0.0.1:6276/oauth/callback")]
    [InlineData("http://localhost:33418/callback")]
    [InlineData("http://[::1]:8080/cb")]
    public void SecureAndLoopbackUris_MayBeRegistered(string uri) => Assert.Null(Policy().Check(uri));

    [Theory]
    [InlineData("http://app.example.org/callback", "uses http: only https, or http on 127.0.0.1, localhost or [::1], is allowed")]
    [InlineData("javascript:alert(1)", "uses the scheme 'javascript'")]
    [InlineData("cursor://anysphere.cursor-mcp/oauth", "uses the scheme 'cursor'")]
    [InlineData("https://app.example.org/cb#frag", "must not have a fragment or user info")]
    [InlineData("https://user:pw@app.example.org/cb", "must not have a fragment or user info")]
    [InlineData("/relative/callback", "is not an absolute URI")]
    [InlineData("", "is not an absolute URI")]
    public void OtherUris_AreRefusedSayingWhy(string uri, string reason) =>
        Assert.Contains(reason, Policy().Check(uri), StringComparison.Ordinal);

    [Fact]
    public void AnAllowList_NarrowsHttpsHosts_ButKeepsLoopbackAndTheHostedClients()
    {
        RedirectUriPolicy policy = Policy(allowed: ["*.contoso.com"]);

        Assert.Null(policy.Check("https://app.contoso.com/cb"));
        Assert.Null(policy.Check("https://claude.ai/api/mcp/auth_callback"));
        Assert.Null(policy.Check("http://127.0.0.1:9999/cb"));
        Assert.Equal("redirect URI host 'evil.example.org' is not on this server's list of allowed hosts", policy.Check("https://evil.example.org/cb"));
    }

    [Fact]
    public void ADenyList_RefusesEvenTheHostedClients()
    {
        RedirectUriPolicy policy = Policy(denied: ["chatgpt.com"]);

        Assert.Equal("redirect URI host 'chatgpt.com' is not allowed by this server", policy.Check("https://chatgpt.com/connector/oauth/x"));
        Assert.Null(policy.Check("https://claude.ai/api/mcp/auth_callback"));
    }

    [Theory]
    [InlineData("https://app.example.org/cb", true)]
    [InlineData("https://app.example.org/cb/", false)]
    [InlineData("https://app.example.org/CB", false)]
    [InlineData("https://app.example.org/cb?next=evil", false)]
    [InlineData("http://127.0.0.1:51000/callback", true)]
    [InlineData("http://127.0.0.1:51000/other", false)]
    [InlineData("http://localhost:51000/callback", false)]
    [InlineData("https://127.0.0.1:51000/callback", false)]
    public void ARequestedUri_MatchesExactly_OrOnlyByPortForLoopback(string requested, bool matches) =>
        Assert.Equal(matches, RedirectUriPolicy.Matches(requested, ["https://app.example.org/cb", "http://127.0.0.1:6276/callback"]));
}
