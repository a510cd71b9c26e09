using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.AccessKeys;

namespace FunctionsMcp.Cli.Connect;

/// <summary>
/// Claude Desktop, printed only: a custom connector (Claude signs in with OAuth from Anthropic's servers; no key), and,
/// with a key, a local mcp-remote bridge in claude_desktop_config.json that reads the header from a file in the home folder.
/// </summary>
internal sealed class ClaudeDesktopSetup : ClientSetup
{
    /// <summary>The mcp-remote this repository's tests run; its --header-file keeps the key out of the config and the process list.</summary>
    public const string McpRemote = "mcp-remote@0.15.1";

    public override string Client => "claude-desktop";

    public override string Title => "Claude Desktop";

    public override bool KeyIsOptional => true;

    /// <summary>The file mcp-remote reads the header from: in the home folder, as Claude Desktop's configuration is.</summary>
    public static string HeaderFile(ConnectTarget target) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ConnectTarget.KeyFolder, target.ServerName + ".headers");

    public static JsonObject BridgeEntry(ConnectTarget target)
    {
        var args = new JsonArray("-y", McpRemote, target.McpUrl, "--header-file", HeaderFile(target));
        // mcp-remote refuses plain http except on loopback unless told.
        if (!target.IsHttps)
            args.Add("--allow-http");
        return new JsonObject { ["command"] = "npx", ["args"] = args };
    }

    public override void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output)
    {
        output.WriteLine("As a custom connector (Claude signs in with OAuth; no key): Settings → Connectors → Add custom connector,");
        output.WriteLine($"URL {target.McpUrl}, client id and secret left empty. Then sign in and allow what Claude may do.");
        if (target.IsLocal || !target.IsHttps)
            output.WriteLine(CloudWarning(target));
        if (token is null)
        {
            output.WriteLine();
            output.WriteLine($"To use a key instead, through a local mcp-remote bridge, run again with --org and --user (or --key).");
            return;
        }

        output.WriteLine();
        output.WriteLine("Or with the key, through mcp-remote on this machine (Node.js): add to claude_desktop_config.json");
        output.WriteLine("(Settings → Developer → Edit Config):");
        output.Write(JsonConfigFile.Serialize(new JsonObject { ["mcpServers"] = new JsonObject { [target.ServerName] = BridgeEntry(target) } }));
        output.WriteLine();
        output.WriteLine("and save the header it sends, readable by you only (the key is shown only this once):");
        output.WriteLine($"  mkdir -p \"{Path.GetDirectoryName(HeaderFile(target))}\" && (umask 077 && printf '%s\\n' '{ConnectionLines.Header(token)}' > \"{HeaderFile(target)}\")");
    }

    public override IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey) => hasKey
        ? [
            "Either add the custom connector, or save the config and the header file above.",
            $"Quit and reopen Claude Desktop: {target.ServerName}'s tools appear in the chat's tools menu.",
        ]
        : [$"Add the custom connector, sign in, and {target.ServerName}'s tools appear in the chat's tools menu."];
}
