using System.Text.Json.Nodes;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// The MCP Inspector CLI (2.12.0, Node 22) doing OAuth on its own: it registers itself, opens <c>$BROWSER</c> (the
/// walker) on our sign-in, takes the code at its loopback callback, and keeps the tokens for the next run.
/// </summary>
public sealed class InspectorOAuthTests(AzuriteFixture azurite) : OAuthClientTest(azurite)
{
    private async Task<(int ExitCode, string Output, string Errors)> InspectAsync(params string[] arguments)
    {
        string node = await NodeTool.Node22Async();
        string cli = Path.Combine(NodeTool.Root, "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");
        Dictionary<string, string> environment = BrowserEnvironment();
        // Without a TTY the Inspector opens a browser only when told to; "file" keeps its tokens in HOME for the next run.
        environment["MCP_AUTO_OPEN_ENABLED"] = "true";
        environment["MCP_INSPECTOR_SECRET_STORE"] = "file";
        return await NodeTool.RunAsync(node, [cli, "--cli", Server.McpUrl, .. arguments], environment, TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Inspector_SignsInThroughTheBrowser_ListsTools_AndReusesItsTokenNextTime()
    {
        // Its default callback is 127.0.0.1:6276; a free port keeps parallel runs on one machine apart.
        string callback = $"http://127.0.0.1:{AzuriteProcess.FreePort()}/oauth/callback";

        (int listExit, string list, string listErrors) = await InspectAsync("--method", "tools/list", "--callback-url", callback);
        (int callExit, string call, string callErrors) = await InspectAsync("--method", "tools/call", "--tool-name", "whoami", "--stored-auth-only");

        Assert.True(listExit == 0, $"exit {listExit}\n{listErrors}\n{BrowserLog}");
        Assert.Contains("Authorization complete.", listErrors, StringComparison.Ordinal);
        (string clientId, string redirectUri, JsonObject parameters) = Redirect();
        Assert.Equal(callback, redirectUri);
        Assert.Equal(Server.BaseUrl, parameters["iss"]!.GetValue<string>());
        IReadOnlyList<string> coordinator = RoleCeilings.Apply(Role.Coordinator, Scopes.All);
        Assert.Equal(await ToolsForScopesAsync(coordinator),
            JsonNode.Parse(list)!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // The second run signed in with the stored token alone (--stored-auth-only never opens a browser).
        Assert.True(callExit == 0, $"exit {callExit}\n{callErrors}");
        JsonNode who = JsonNode.Parse(call)!["structuredContent"]!;
        Assert.Equal((Organization, User, "oauth_token"),
            (who["organization_id"]!.GetValue<string>(), who["user_id"]!.GetValue<string>(), who["credential"]!.GetValue<string>()));

        OAuthClient registered = (await ClientAsync(clientId))!;
        Assert.Equal(ClientKind.Dynamic, registered.Kind);
        Assert.Equal([callback], registered.RedirectUris);
        Assert.Equal(coordinator, (await ConsentAsync(clientId))!.Scopes);
        Assert.Single(await GrantsAsync(clientId));
    }
}
