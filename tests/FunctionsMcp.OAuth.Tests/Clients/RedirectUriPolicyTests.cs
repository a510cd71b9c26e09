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
    [InlineData("https://app.example.org/cb#frag", "must not have a fragment or user info")]
    [InlineData("https://user:pw@app.example.org/cb", "must not have a fragment or user info")]
    [InlineData("/relative/callback", "is not an absolute URI")]
    [InlineData("", "is not an absolute URI")]
    public void OtherUris_AreRefusedSayingWhy(string uri, string reason) =>
        Assert.Contains(reason, Policy().Check(uri), StringComparison.Ordinal);

    [Theory]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback", null)]
    [InlineData("com.example.app:/oauth2redirect", null)]
    [InlineData("com.example.app:/oauth2redirect/example-provider?x=1", null)]
    [InlineData("vscode://vscode.github-authentication/did-authenticate", null)]
    [InlineData("x-my+app.v2://cb", null)]
    [InlineData("JavaScript:alert(1)", "uses the scheme 'javascript'")]
    [InlineData("javascript://%0aalert(1)", "is not an absolute URI")]
    [InlineData("vbscript:msgbox(1)", "uses the scheme 'vbscript'")]
    [InlineData("data:text/html,<script>alert(1)</script>", "uses the scheme 'data'")]
    [InlineData("file:///etc/passwd", "uses the scheme 'file'")]
    [InlineData("about:blank", "uses the scheme 'about'")]
    [InlineData("blob:https://app.example.org/0b5b", "uses the scheme 'blob'")]
    [InlineData("ftp://files.example.org/cb", "uses the scheme 'ftp'")]
    [InlineData("ws://app.example.org/cb", "uses the scheme 'ws'")]
    [InlineData("wss://app.example.org/cb", "uses the scheme 'wss'")]
    [InlineData("http://app.example.org/cb", "uses http: only https")]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback#x", "must not have a fragment")]
    [InlineData("1app://cb", "does not start with a valid scheme")]
    [InlineData("my_app://cb", "does not start with a valid scheme")]
    [InlineData("c:/Windows/callback", "is not an absolute URI")]
    public void PrivateUseSchemes_MayBeRegisteredByPublicClients_ExceptThoseThatRunOrReadContent(string uri, string? reason)
    {
        string? refused = Policy().Check(uri);

        if (reason is null)
            Assert.Null(refused);
        else
            Assert.Contains(reason, refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback")]
    [InlineData("com.example.app:/oauth2redirect")]
    public void PrivateUseSchemes_AreRefusedForConfidentialClients(string uri) =>
        Assert.Contains("is allowed for a confidential client", Policy().CheckConfidential(uri), StringComparison.Ordinal);

    [Fact]
    public void ConfidentialClients_KeepHttpsAndLoopback()
    {
        Assert.Null(Policy().CheckConfidential("https://chatgpt.com/connector/oauth/abc123"));
        Assert.Null(Policy().CheckConfidential("http://127.0.0.1:6276/oauth/callback"));
    }

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
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback", true)]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback/", false)]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback?next=evil", false)]
    [InlineData("cursor://ANYSPHERE.cursor-retrieval/oauth/callback", false)]
    [InlineData("cursor://evil/oauth/callback", false)]
    public void ARequestedUri_MatchesExactly_OrOnlyByPortForLoopback(string requested, bool matches) =>
        Assert.Equal(matches, RedirectUriPolicy.Matches(requested, ["https://app.example.org/cb", "http://127.0.0.1:6276/callback", "cursor://anysphere.cursor-retrieval/oauth/callback"]));
}
