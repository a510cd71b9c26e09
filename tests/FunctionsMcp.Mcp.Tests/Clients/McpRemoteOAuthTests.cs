using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// mcp-remote (0.15.1, the stdio bridge many desktop clients use for remote servers) through its test client
/// <c>mcp-remote-client</c>: it registers, opens <c>$BROWSER</c> (the walker) before its callback listener is up,
/// takes the code, connects, prints our tools and exits.
/// </summary>
public sealed partial class McpRemoteOAuthTests(AzuriteFixture azurite) : OAuthClientTest(azurite)
{
    [Fact]
    public async Task McpRemoteClient_SignsInThroughTheBrowser_AndListsOurTools()
    {
        string node = await NodeTool.Node22Async();
        string client = Path.Combine(NodeTool.Root, "node_modules", "mcp-remote", "dist", "client.js");

        // Its stdin stays open while it runs (it shuts down when stdin ends); it exits by itself once it has listed.
        (int exitCode, _, string log) = await NodeTool.RunAsync(node, [client, Server.McpUrl, "--allow-http"], BrowserEnvironment(), TimeSpan.FromSeconds(90));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{log}\n{BrowserLog}");
        Assert.Contains("Connected successfully!", log, StringComparison.Ordinal);
        Match tools = ToolsLine().Match(log);
        Assert.True(tools.Success, log);
        IReadOnlyList<string> coordinator = RoleCeilings.Apply(Role.Coordinator, Scopes.All);
        Assert.Equal(await ToolsForScopesAsync(coordinator),
            JsonNode.Parse(tools.Groups[1].Value)!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // It called back on localhost at a port of its own choosing, got iss, and kept the tokens in HOME.
        (string clientId, string redirectUri, JsonObject parameters) = Redirect();
        Assert.Matches("^http://localhost:[0-9]+/oauth/callback$", redirectUri);
        Assert.Equal(Server.BaseUrl, parameters["iss"]!.GetValue<string>());
        Assert.Single(Directory.GetFiles(Path.Combine(Home, ".mcp-auth"), "*_tokens.json", SearchOption.AllDirectories));
        Assert.Equal([redirectUri], (await ConsentAsync(clientId))!.RedirectUris);
        Assert.Single(await GrantsAsync(clientId));
    }

    /// <summary>mcp-remote logs <c>[pid] Tools: {…}</c> as indented JSON that ends with a "}" alone on its line.</summary>
    [GeneratedRegex(@"\] Tools: (\{.*?\n\})\n", RegexOptions.Singleline)]
    private static partial Regex ToolsLine();
}
