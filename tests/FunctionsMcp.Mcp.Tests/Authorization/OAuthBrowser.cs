using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// Walks the authorization flow the way a browser does: its own cookie jar, redirects followed by hand, the sign-in
/// and consent pages read as HTML and their forms posted back with their hidden fields (plus any overrides).
/// </summary>
public sealed partial class OAuthBrowser : IDisposable
{
    private readonly HttpClient _http;

    public OAuthBrowser(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = new Uri(baseUrl) };
    }

    /// <summary>The browser's cookie jar.</summary>
    public CookieContainer Cookies { get; }

    public const string Callback = "http://127.0.0.1:53682/callback";

    public HttpClient Http => _http;

    public static (string Verifier, string Challenge) Pkce()
    {
        string verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Registers a public client with one redirect URI; returns its client_id.</summary>
    public async Task<string> RegisterAsync(string redirectUri = Callback, string name = "Test client")
    {
        var body = new JsonObject { ["client_name"] = name, ["redirect_uris"] = new JsonArray(redirectUri), ["token_endpoint_auth_method"] = "none" };
        using HttpResponseMessage response = await _http.PostAsync("/register", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["client_id"]!.GetValue<string>();
    }

    public static string AuthorizeUrl(string clientId, string challenge, string? scope = "participants:read participants:write", string redirectUri = Callback,
        string state = "xyz", string? resource = null, string method = "S256")
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = method,
            ["state"] = state,
        };
        if (scope is not null)
            query["scope"] = scope;
        if (resource is not null)
            query["resource"] = resource;
        return QueryHelpers.AddQueryString("/authorize", query);
    }

    public async Task<HttpResponseMessage> GetAsync(string url) => await _http.GetAsync(url, Cancel);

    /// <summary>Follows the flow from <paramref name="url"/>, posting each page's form, until a redirect leaves the server; returns that redirect.</summary>
    public async Task<Uri> WalkAsync(string url, string user, Dictionary<string, string[]>? consentFields = null)
    {
        for (int step = 0; step < 10; step++)
        {
            using HttpResponseMessage response = await _http.GetAsync(url, Cancel);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Uri next = new(_http.BaseAddress!, response.Headers.Location!);
                if (next.Authority != _http.BaseAddress!.Authority)
                    return next;
                url = next.PathAndQuery;
                continue;
            }

            string html = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} at {url}: {html}");
            (string action, List<KeyValuePair<string, string>> fields) = ReadForm(html);
            if (action == "/signin")
                Override(fields, new() { ["user"] = [user] });
            else
                Override(fields, consentFields ?? new() { ["decision"] = ["allow"] });
            using HttpResponseMessage posted = await _http.PostAsync(action, new FormUrlEncodedContent(fields), Cancel);
            Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{(int)posted.StatusCode} after posting {action}: {await posted.Content.ReadAsStringAsync(Cancel)}");
            Uri after = new(_http.BaseAddress!, posted.Headers.Location!);
            if (after.Authority != _http.BaseAddress!.Authority)
                return after;
            url = after.PathAndQuery;
        }

        throw new InvalidOperationException("The flow did not end.");
    }

    /// <summary>Posts the sign-in page at <paramref name="signInUrl"/> as <paramref name="user"/>; returns where it sends the browser next.</summary>
    public async Task<string> SignInAsync(string signInUrl, string user)
    {
        using HttpResponseMessage page = await _http.GetAsync(signInUrl, Cancel);
        (string action, List<KeyValuePair<string, string>> fields) = ReadForm(await page.Content.ReadAsStringAsync(Cancel));
        Override(fields, new() { ["user"] = [user] });
        using HttpResponseMessage posted = await _http.PostAsync(action, new FormUrlEncodedContent(fields), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return posted.Headers.Location!.ToString();
    }

    /// <summary>The form's action and its fields as a browser would post them (hidden inputs, checked boxes and radios; no buttons).</summary>
    public static (string Action, List<KeyValuePair<string, string>> Fields) ReadForm(string html)
    {
        string action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in Input().Matches(html))
        {
            string tag = input.Value;
            string type = Attribute(tag, "type");
            if (type == "hidden" || ((type is "checkbox" or "radio") && tag.Contains(" checked", StringComparison.Ordinal)))
                fields.Add(new(Attribute(tag, "name"), Attribute(tag, "value")));
        }

        return (action, fields);
    }

    public async Task<JsonNode> TokenAsync(Dictionary<string, string> form, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await _http.PostAsync("/token", new FormUrlEncodedContent(form), Cancel);
        string body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonNode.Parse(body)!;
    }

    public void Dispose() => _http.Dispose();

    private static void Override(List<KeyValuePair<string, string>> fields, Dictionary<string, string[]> overrides)
    {
        foreach ((string name, string[] values) in overrides)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        }
    }

    private static string Attribute(string tag, string name) =>
        WebUtility.HtmlDecode(Regex.Match(tag, $"""\b{name}="([^"]*)" """.Trim()).Groups[1].Value);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [GeneratedRegex("""<form method="post" action="([^"]+)">""")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex Input();
}
