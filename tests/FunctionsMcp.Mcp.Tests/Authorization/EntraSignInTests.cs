using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using FunctionsMcp.OAuth.Authorization.Entra;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Web;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>Sign-in through Microsoft Entra ID (MSAL and the ID-token checks), against a local fake OpenID provider over https.</summary>
public sealed class EntraSignInTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string s_allowedTenant = Guid.NewGuid().ToString();
    private FakeEntra _entra = null!;
    private McpTestServer _server = null!;
    private OAuthBrowser _browser = null!;
    private HttpClient _entraBrowser = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _entra = await FakeEntra.StartAsync();
        _server = StartServer(("Entra:ClientSecret", FakeEntra.ClientSecret));
        _browser = new OAuthBrowser(_server.BaseUrl);
        _entraBrowser = _entra.TrustingClient();
    }

    private McpTestServer StartServer((string Key, string Value) credential) => McpTestServer.Start(azurite, new Dictionary<string, string?>
    {
        ["SignIn:Mode"] = "Entra",
        ["Entra:Instance"] = _entra.BaseUrl + "/",
        ["Entra:TenantId"] = "organizations",
        ["Entra:ClientId"] = FakeEntra.ClientId,
        [credential.Key] = credential.Value,
        ["Entra:AllowedTenants:0"] = s_allowedTenant,
    }, services: s =>
    {
        s.Replace(ServiceDescriptor.Singleton(new EntraHttp(_entra.TrustingClient())));
        s.Replace(ServiceDescriptor.Singleton<ClientAssertionProviderBase, TestAssertion>());
    });

    /// <summary>Stands in for the managed identity's token, which cannot be had outside Azure.</summary>
    private sealed class TestAssertion : ClientAssertionProviderBase
    {
        protected override Task<ClientAssertion> GetClientAssertionAsync(Microsoft.Identity.Client.AssertionRequestOptions? assertionRequestOptions) =>
            Task.FromResult(new ClientAssertion(FakeEntra.FederatedAssertion, DateTimeOffset.UtcNow.AddMinutes(10)));
    }

    public async ValueTask DisposeAsync()
    {
        _entraBrowser.Dispose();
        _browser.Dispose();
        await _server.DisposeAsync();
        await _entra.DisposeAsync();
    }

    /// <summary>Authorize → sign-in → Entra → callback; returns the callback's answer (a redirect to consent, or a page).</summary>
    private async Task<(HttpResponseMessage Callback, string ClientId, string Verifier, Uri EntraUrl)> SignInAsync(EntraIdentity who)
    {
        _entra.Next = who;
        string clientId = await _browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        using HttpResponseMessage authorize = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, resource: _server.McpUrl));
        using HttpResponseMessage signIn = await _browser.GetAsync(authorize.Headers.Location!.ToString());
        Uri entraUrl = signIn.Headers.Location!;
        using HttpResponseMessage atEntra = await _entraBrowser.GetAsync(entraUrl, Cancel);
        Uri back = atEntra.Headers.Location!;
        HttpResponseMessage callback = await _browser.GetAsync(back.PathAndQuery);
        return (callback, clientId, verifier, entraUrl);
    }

    [Fact]
    public async Task ASignInThroughEntra_MakesTheUserOfTheirTenantsOrganizationWithTheirAppRole_AndItsTokensWork()
    {
        var who = new EntraIdentity(s_allowedTenant, Guid.NewGuid().ToString(), ["SupportWorker", "Coordinator"]);
        (HttpResponseMessage callback, string clientId, string verifier, Uri entraUrl) = await SignInAsync(who);
        using (callback)
        {
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
            Uri done = await _browser.WalkAsync(callback.Headers.Location!.ToString(), user: "unused");
            string code = QueryHelpers.ParseQuery(done.Query)["code"].ToString();
            JsonNode tokens = await _browser.TokenAsync(new()
            {
                ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = OAuthBrowser.Callback,
            });
            using HttpResponseMessage whoami = await _server.Http.SendAsync(LegacyCall(tokens["access_token"]!.GetValue<string>(), "tools/call", Call("whoami")), Cancel);
            JsonNode me = (await whoami.JsonAsync())["result"]!["structuredContent"]!;

            Assert.Equal((s_allowedTenant, who.ObjectId, "coordinator"), (me["organization_id"]!.GetValue<string>(), me["user_id"]!.GetValue<string>(), me["role"]!.GetValue<string>()));
            Organization? organization = await _server.Services.GetRequiredService<IIdentityStore>().GetOrganizationAsync(s_allowedTenant, Cancel);
            Assert.Equal(s_allowedTenant, organization?.EntraTenantId);
        }

        // Entra got only its own parameters: no MCP resource, scopes or client.
        Dictionary<string, string> sent = QueryHelpers.ParseQuery(entraUrl.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        Assert.Equal(("openid profile email", FakeEntra.ClientId, "S256", _server.BaseUrl + "/signin/callback"), (sent["scope"], sent["client_id"], sent["code_challenge_method"], sent["redirect_uri"]));
        Assert.False(sent.ContainsKey("resource"));
        Assert.DoesNotContain(clientId, entraUrl.ToString(), StringComparison.Ordinal);
        Assert.Equal(FakeEntra.ClientSecret, Assert.Single(_entra.TokenRequests)["client_secret"].ToString());
    }

    [Fact]
    public async Task TheSettingsPages_SignInThroughEntraToo_AndReturnToThePageAskedFor()
    {
        var who = new EntraIdentity(s_allowedTenant, Guid.NewGuid().ToString(), ["Admin"], Name: "Sam Settings");
        _entra.Next = who;
        const string Asked = "/settings/mcp";

        using HttpResponseMessage start = await _browser.GetAsync(Asked);
        using HttpResponseMessage signIn = await _browser.GetAsync(start.Headers.Location!.OriginalString);
        using HttpResponseMessage atEntra = await _entraBrowser.GetAsync(signIn.Headers.Location!, Cancel);
        using HttpResponseMessage callback = await _browser.GetAsync(atEntra.Headers.Location!.PathAndQuery);
        using HttpResponseMessage page = await _browser.GetAsync(Asked);

        Assert.StartsWith(_entra.BaseUrl, signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(Asked, callback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in as <strong>Sam Settings</strong> (Admin)", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "other-tenant", "tenant is not allowed to sign in to this server" },
        { "wrong-nonce", "its nonce differs" },
        { "no-role", "You have no role in FunctionsMcp" },
        { "other-key", "ID token that is not valid for this app" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task AnEntraSignInThatFailsACheck_IsRefusedOnAPage_AndNoUserIsMade(string how, string message)
    {
        string objectId = Guid.NewGuid().ToString();
        EntraIdentity who = how switch
        {
            "other-tenant" => new EntraIdentity(Guid.NewGuid().ToString(), objectId, ["Admin"]),
            "wrong-nonce" => new EntraIdentity(s_allowedTenant, objectId, ["Admin"], NonceOverride: "replayed-from-elsewhere"),
            "no-role" => new EntraIdentity(s_allowedTenant, objectId, []),
            "other-key" => new EntraIdentity(s_allowedTenant, objectId, ["Admin"], SignWithAnotherKey: true),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };

        (HttpResponseMessage callback, _, _, _) = await SignInAsync(who);
        using (callback)
        {
            Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await callback.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        }

        Assert.Null(await _server.Services.GetRequiredService<IIdentityStore>().GetUserAsync(who.TenantId, objectId, Cancel));
    }

    [Fact]
    public async Task WithAManagedIdentity_TheAppProvesItselfWithAFederatedAssertion_AndNoSecretExists()
    {
        await _server.DisposeAsync();
        _server = StartServer(("Entra:ManagedIdentityClientId", "99999999-8888-7777-6666-555555555555"));
        _browser.Dispose();
        _browser = new OAuthBrowser(_server.BaseUrl);

        (HttpResponseMessage callback, _, _, _) = await SignInAsync(new EntraIdentity(s_allowedTenant, Guid.NewGuid().ToString(), ["Admin"]));

        using (callback)
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        IFormCollection sent = Assert.Single(_entra.TokenRequests);
        Assert.Equal(FakeEntra.FederatedAssertion, sent["client_assertion"].ToString());
        Assert.False(sent.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task TheDevelopmentSignInForm_IsRefusedWhenTheServerUsesEntra()
    {
        string clientId = await _browser.RegisterAsync();
        using HttpResponseMessage authorize = await _browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, OAuthBrowser.Pkce().Challenge));
        string requestId = QueryHelpers.ParseQuery(new Uri(new Uri(_server.BaseUrl), authorize.Headers.Location!).Query)["request"].ToString();

        using HttpResponseMessage posted = await _browser.Http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = requestId, ["csrf"] = "x", ["user"] = "sunrise/sunrise-admin",
        }), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
    }

    [Fact]
    public async Task AnExistingUsersSignIn_TakesTheirEntraAppRoleAgain_AndDoesNotRewriteTheOrganization()
    {
        IIdentityStore identities = _server.Services.GetRequiredService<IIdentityStore>();
        await identities.SaveOrganizationAsync(new Organization(s_allowedTenant, "Contoso", s_allowedTenant, RequestsPerMinute: 7), Cancel);
        var who = new EntraIdentity(s_allowedTenant, Guid.NewGuid().ToString(), ["SupportWorker"], Name: "Alex Renamed");
        await identities.SaveUserAsync(new User(s_allowedTenant, who.ObjectId, "Alex", "alex@contoso.example", Role.Admin), Cancel);
        ETag before = await OrganizationVersionAsync();

        (HttpResponseMessage callback, _, _, _) = await SignInAsync(who);
        using (callback)
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);

        // The app role is Entra's at every sign-in: a role set here lasts only until then (the README and the CLI say so).
        Assert.Equal(
            new User(s_allowedTenant, who.ObjectId, "Alex Renamed", "alex@contoso.example", Role.SupportWorker),
            await identities.GetUserAsync(s_allowedTenant, who.ObjectId, Cancel));
        // Rewriting the organization read at the start of the sign-in could undo a suspension or limits set meanwhile.
        Assert.Equal(before, await OrganizationVersionAsync());
    }

    [Fact]
    public async Task ADisabledUsersSignIn_IsRefused_AndTheyStayDisabled()
    {
        IIdentityStore identities = _server.Services.GetRequiredService<IIdentityStore>();
        var who = new EntraIdentity(s_allowedTenant, Guid.NewGuid().ToString(), ["Admin"]);
        await identities.SaveOrganizationAsync(new Organization(s_allowedTenant, "Contoso", s_allowedTenant), Cancel);
        var disabled = new User(s_allowedTenant, who.ObjectId, "Alex", "alex@contoso.example", Role.Coordinator, Disabled: true);
        await identities.SaveUserAsync(disabled, Cancel);

        (HttpResponseMessage callback, _, _, _) = await SignInAsync(who);
        using (callback)
        {
            Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
            Assert.Contains("Your account is disabled on this server.", await callback.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        Assert.Equal(disabled, await identities.GetUserAsync(s_allowedTenant, who.ObjectId, Cancel));
    }

    /// <summary>The stored organization row's ETag: it changes on every write, even of the same values.</summary>
    private async Task<ETag> OrganizationVersionAsync()
    {
        TableClient table = new TableServiceClient(azurite.ConnectionString).GetTableClient(Storage.TableNames.Organizations);
        // "organization" is the identity store's partition of organizations.
        return (await table.GetEntityAsync<TableEntity>("organization", s_allowedTenant, cancellationToken: Cancel)).Value.ETag;
    }
}
