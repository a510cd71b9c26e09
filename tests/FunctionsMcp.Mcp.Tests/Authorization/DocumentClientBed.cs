using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// The app with the development sign-in, plus a loopback https host publishing client metadata documents and key
/// sets the way chatgpt.com and claude.ai publish theirs; the app's fetcher is told to trust that host (and only it).
/// Hosted clients' callbacks are never fetched: the browser stops at the redirect that leaves the app.
/// </summary>
public sealed class DocumentClientBed : IAsyncDisposable
{
    public const string ChatGptCallback = "https://chatgpt.com/connector/oauth/test-callback";
    public const string ClaudeCallback = "https://claude.ai/api/mcp/auth_callback";

    private readonly SignInServer _signIn;

    private DocumentClientBed(SignInServer signIn, HttpsDocumentHost host)
    {
        _signIn = signIn;
        Host = host;
    }

    public McpTestServer Server => _signIn.Server;

    public HttpsDocumentHost Host { get; }

    public ManualTimeProvider Time => _signIn.Time;

    public TestTenant Tenant => _signIn.Tenant;

    public OAuthBrowser Browser => _signIn.Browser;

    public string TokenEndpoint => Server.BaseUrl + "/token";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<DocumentClientBed> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        HttpsDocumentHost host = await HttpsDocumentHost.StartAsync(Cancel);
        return new DocumentClientBed(await SignInServer.StartAsync(azurite, settings, TrustHost(host)), host);
    }

    /// <summary>A second app instance with the same public URL and storage (and document host), as when the app scales out.</summary>
    public McpTestServer StartAnotherInstance(AzuriteFixture azurite) =>
        SignInServer.StartServer(azurite, Time, new Dictionary<string, string?> { ["Server:BaseUrl"] = Server.BaseUrl }, TrustHost(Host));

    private static Action<ManualTimeProvider, IServiceCollection> TrustHost(HttpsDocumentHost host) => (time, services) => services.AddSingleton(host.Fetcher(time));

    /// <summary>Publishes a ChatGPT-shaped document (<c>private_key_jwt</c> with a <c>jwks_uri</c>) and the key set; returns the client id.</summary>
    public string PublishKeyClient(string name, ClientKeyPair key, string? jwksPath = null)
    {
        jwksPath ??= $"/{name}/jwks.json";
        Host.Serve(jwksPath, key.Jwks().ToJsonString());
        return Publish(name, new JsonObject { ["token_endpoint_auth_method"] = "private_key_jwt", ["jwks_uri"] = Host.Url(jwksPath) }, ChatGptCallback);
    }

    /// <summary>Publishes a document at <c>/{name}/client.json</c> with <paramref name="extra"/> fields; returns its URL, the client id.</summary>
    public string Publish(string name, JsonObject extra, string redirectUri)
    {
        string clientId = Host.Url($"/{name}/client.json");
        var document = new JsonObject { ["client_id"] = clientId, ["client_name"] = name, ["redirect_uris"] = new JsonArray(redirectUri) };
        foreach ((string field, JsonNode? value) in extra)
            document[field] = value?.DeepClone();
        Host.Serve($"/{name}/client.json", document.ToJsonString());
        return clientId;
    }

    /// <summary>Signs in as the tenant's coordinator and allows; returns the code and PKCE verifier.</summary>
    public async Task<(string Code, string Verifier)> AuthorizeAsync(string clientId, string redirectUri, string scope = "participants:read offline_access")
    {
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        Uri callback = await Browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, scope, redirectUri), _signIn.Coordinator);
        Assert.Equal(redirectUri, callback.GetLeftPart(UriPartial.Path));
        Dictionary<string, string> query = QueryHelpers.ParseQuery(callback.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        Assert.True(query.ContainsKey("code"), $"no code in {callback}");
        return (query["code"], verifier);
    }

    public Task<JsonNode> ExchangeAsync(string clientId, string code, string verifier, string redirectUri, string? assertion, HttpStatusCode expected = HttpStatusCode.OK) =>
        Browser.TokenAsync(Form(clientId, assertion, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier, ["redirect_uri"] = redirectUri, ["resource"] = Server.McpUrl,
        }), expected);

    public Task<JsonNode> RefreshAsync(string clientId, string refreshToken, string? assertion, HttpStatusCode expected = HttpStatusCode.OK, OAuthBrowser? via = null) =>
        (via ?? Browser).TokenAsync(Form(clientId, assertion, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["resource"] = Server.McpUrl }), expected);

    /// <summary>Calls <c>list_participants</c> with <paramref name="accessToken"/>; returns the HTTP status and whether the tool answered without error.</summary>
    public async Task<(HttpStatusCode Status, bool ToolOk)> CallToolAsync(string accessToken)
    {
        using HttpResponseMessage response = await Server.Http.SendAsync(LegacyCall(accessToken, "tools/call", Call("list_participants")), Cancel);
        if (response.StatusCode != HttpStatusCode.OK)
            return (response.StatusCode, false);
        JsonNode body = await response.JsonAsync();
        return (response.StatusCode, body["result"] is { } result && result["isError"]?.GetValue<bool>() != true);
    }

    public async ValueTask DisposeAsync()
    {
        await _signIn.DisposeAsync();
        await Host.DisposeAsync();
    }

    private static Dictionary<string, string> Form(string clientId, string? assertion, Dictionary<string, string> form)
    {
        form["client_id"] = clientId;
        if (assertion is not null)
        {
            form["client_assertion_type"] = ClientAuthMethods.JwtBearerAssertionType;
            form["client_assertion"] = assertion;
        }

        return form;
    }
}
