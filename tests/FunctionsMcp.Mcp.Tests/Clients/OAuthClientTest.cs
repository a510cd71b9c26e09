using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// The base of a real client's OAuth test: the app with the development sign-in and the demo identities, a throwaway
/// HOME for the client's stored credentials, and tests/clients/browser-walker.mjs as its browser, signing in as
/// Sunrise's coordinator and allowing what the consent page offers. Reads back what the walker saw and what the
/// server recorded.
/// </summary>
public abstract class OAuthClientTest(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Organization = DemoIdentities.Sunrise;
    public const string User = "sunrise-coordinator";

    protected McpTestServer Server { get; private set; } = null!;

    /// <summary>The client's HOME (its stored tokens live there), and the walker's log.</summary>
    protected string Home { get; private set; } = null!;

    private string WalkerLog => Path.Combine(Home, "browser-walker.log");

    protected static string Walker => Path.Combine(NodeTool.Root, "tests", "clients", "browser-walker.mjs");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["SignIn:Mode"] = "Development" }, environment: "Development");
        await DemoIdentities.SeedAsync(Server.Services.GetRequiredService<IIdentityStore>(), Cancel);
        Home = Directory.CreateTempSubdirectory("functionsmcp-oauth-client-").FullName;
    }

    /// <summary>
    /// The environment of a client that opens <c>$BROWSER</c> through xdg-open: told the desktop is a generic one, xdg-open
    /// runs <c>$BROWSER</c> (never a real browser, even on a developer's desktop). <paramref name="fields"/> are the
    /// walker's form overrides.
    /// </summary>
    protected Dictionary<string, string> BrowserEnvironment(string fields = $"user={Organization}/{User}") => new()
    {
        ["HOME"] = Home,
        ["BROWSER"] = Walker,
        ["BROWSER_WALKER_LOG"] = WalkerLog,
        ["BROWSER_WALKER_FIELDS"] = fields,
        ["BROWSER_WALKER_TIMEOUT_MS"] = "60000",
        ["XDG_CURRENT_DESKTOP"] = "X-Generic",
        ["DISPLAY"] = string.Empty,
        ["WAYLAND_DISPLAY"] = string.Empty,
        ["CLIENT_TIMEOUT_MS"] = "60000",
    };

    protected string BrowserLog => File.Exists(WalkerLog) ? File.ReadAllText(WalkerLog) : "(the browser was never opened)";

    /// <summary>
    /// The walker's way back to the client: the client it authorized, where it sent the browser, and the response
    /// parameters (the code itself is left out of the log). Logged before the walker calls the client back, so it is
    /// there once the client has finished.
    /// </summary>
    protected (string ClientId, string RedirectUri, JsonObject Parameters) Redirect()
    {
        List<JsonNode> events = File.Exists(WalkerLog)
            ? [.. File.ReadAllLines(WalkerLog).Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!)]
            : [];
        JsonNode? authorize = events.FirstOrDefault(e => e["step"]?.GetValue<string>() == "get");
        JsonNode? leave = events.FirstOrDefault(e => e["step"]?.GetValue<string>() == "leave");
        Assert.True(authorize is not null && leave is not null, $"The browser did not get back to the client:\n{BrowserLog}");
        string query = new Uri(new Uri(Server.BaseUrl), authorize["url"]!.GetValue<string>()).Query;
        return (QueryHelpers.ParseQuery(query)["client_id"].ToString(), leave["to"]!.GetValue<string>(), leave["params"]!.AsObject());
    }

    protected Task<OAuthClient?> ClientAsync(string clientId) => Server.Services.GetRequiredService<IClientStore>().GetAsync(clientId, Cancel);

    protected Task<Consent?> ConsentAsync(string clientId) =>
        Server.Services.GetRequiredService<IAuthorizationStateStore>().GetConsentAsync(Organization, User, clientId, Cancel);

    protected async Task<List<Grant>> GrantsAsync(string clientId) =>
        [.. (await Server.Services.GetRequiredService<IGrantStore>().ListAsync(Organization, User, Cancel)).Where(g => g.ClientId == clientId)];

    /// <summary>The tools the coordinator sees with an access key of exactly <paramref name="scopes"/>: what an OAuth token of those scopes must list too.</summary>
    protected async Task<List<string>> ToolsForScopesAsync(IReadOnlyList<string> scopes)
    {
        (CreatedAccessKey? key, string? error) = await Server.Services.GetRequiredService<AccessKeyService>()
            .CreateAsync(Organization, User, "tool list oracle", scopes, null, Cancel);
        Assert.True(key is not null, error);
        using HttpResponseMessage response = await Server.Http.SendAsync(LegacyCall(key.Token, "tools/list"), Cancel);
        return [.. (await response.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A detached walker was still writing its last log line: the temporary folder stays behind.
        }
    }
}
