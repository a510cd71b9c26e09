using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>
/// The MCP client the person is connecting: registered over HTTP (RFC 7591) as a public client whose redirect URI is
/// on a host that does not exist (<see cref="Origin"/>). The browser session answers that host itself with
/// <see cref="CallbackPage"/>, which shows the parameters the client received.
/// </summary>
public sealed class PublicClient(LoopbackApp app, string clientId)
{
    public const string Origin = "https://client.example.test";
    public const string RedirectUri = Origin + "/callback";

    public string ClientId { get; } = clientId;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<PublicClient> RegisterAsync(LoopbackApp app, string name = "Browser Test Client")
    {
        var body = new JsonObject { ["client_name"] = name, ["redirect_uris"] = new JsonArray(RedirectUri), ["token_endpoint_auth_method"] = "none" };
        using HttpResponseMessage response = await app.Http.PostAsync("/register", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"/register answered {(int)response.StatusCode}: {text}");
        return new PublicClient(app, JsonNode.Parse(text)!["client_id"]!.GetValue<string>());
    }

    /// <summary>A fresh PKCE pair (RFC 7636, S256) and the <c>/authorize</c> path and query that carries its challenge.</summary>
    public (string PathAndQuery, string Verifier) Authorization(string scope, string state)
    {
        string verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        string challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        string url = QueryHelpers.AddQueryString("/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["resource"] = app.McpUrl,
        });
        return (url, verifier);
    }

    /// <summary>The query parameters of the redirect back to the client.</summary>
    public static Dictionary<string, string> Parameters(Uri callback) =>
        QueryHelpers.ParseQuery(callback.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>Exchanges a code at <c>/token</c>; returns the token response.</summary>
    public async Task<JsonNode> ExchangeAsync(string code, string verifier)
    {
        using HttpResponseMessage response = await app.Http.PostAsync("/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = RedirectUri,
            ["resource"] = app.McpUrl,
        }), Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/token answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asks <c>/token</c> for new tokens with a refresh token; returns the status and the body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> RefreshAsync(string refreshToken)
    {
        using HttpResponseMessage response = await app.Http.PostAsync("/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = refreshToken,
            ["resource"] = app.McpUrl,
        }), Cancel);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!);
    }

    /// <summary>Calls the tool <paramref name="name"/> with no arguments at <c>/mcp</c>; returns the HTTP status.</summary>
    public async Task<HttpStatusCode> CallToolAsync(string accessToken, string name)
    {
        using HttpRequestMessage request = McpPost.Create(accessToken, "tools/call", new JsonObject { ["name"] = name });
        using HttpResponseMessage response = await app.Http.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    /// <summary>Calls <c>tools/list</c> at <c>/mcp</c> with the access token; returns the status and the tool names.</summary>
    public async Task<(HttpStatusCode Status, List<string> Tools)> ListToolsAsync(string accessToken)
    {
        using HttpRequestMessage request = McpPost.Create(accessToken, "tools/list");
        using HttpResponseMessage response = await app.Http.SendAsync(request, Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        if (response.StatusCode != HttpStatusCode.OK)
            return (response.StatusCode, []);
        List<string> tools = JsonNode.Parse(text)!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        return (response.StatusCode, tools);
    }

    /// <summary>The client's side of the redirect: a page listing what it received (what the screenshots show).</summary>
    public static string CallbackPage(Uri uri)
    {
        var rows = new StringBuilder();
        foreach ((string name, string value) in Parameters(uri))
            rows.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{WebUtility.HtmlEncode(name)}</th><td>{WebUtility.HtmlEncode(value)}</td></tr>");
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Browser Test Client</title>
            <style>body {"{"} font-family: system-ui, sans-serif; margin: 2rem; {"}"} th, td {"{"} text-align: left; padding: .25rem .75rem; border-bottom: 1px solid #ccc; word-break: break-all; {"}"}</style>
            </head><body><main>
            <h1>Back at the client</h1>
            <p>{WebUtility.HtmlEncode(uri.GetLeftPart(UriPartial.Path))} received:</p>
            <table>{rows}</table>
            </main></body></html>
            """;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
