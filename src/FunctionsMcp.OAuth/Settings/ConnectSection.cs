using FunctionsMcp.OAuth.AccessKeys;
using static FunctionsMcp.OAuth.Settings.SettingsPage;

namespace FunctionsMcp.OAuth.Settings;

/// <summary>The MCP server URL and how each client connects to it, for the settings page and the page of a new key.</summary>
internal static class ConnectSection
{
    /// <summary>The URL with its copy button, and per-client steps that sign in (the key's own lines are on the page that shows it).</summary>
    public static string Render(ServerOptions server) => $"""
        <section id="connect" aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect an AI app</h2>
        <p><label for="mcp-url">MCP server URL</label></p>
        <p><input type="text" id="mcp-url" readonly value="{E(server.McpResource)}"> {CopyButton("mcp-url", "the MCP server URL")}</p>
        {(server.PublicBaseUri.IsLoopback ? """<p class="warn">This server runs on this computer. Claude and ChatGPT connect from their own servers and cannot reach it; Claude Code, Codex, VS Code and other apps on this computer can.</p>""" : string.Empty)}
        <h3>Claude (claude.ai and Claude Desktop)</h3>
        <ol>
        <li>In Claude, open Settings, then Connectors, and add a custom connector.</li>
        <li>Paste the MCP server URL. Leave the OAuth client id and secret empty: Claude registers itself.</li>
        <li>Claude opens this server's sign-in. Sign in with your work account and choose what Claude may do.</li>
        </ol>
        <h3>ChatGPT</h3>
        <ol>
        <li>Turn on developer mode: Settings, Apps &amp; Connectors, Advanced settings.</li>
        <li>Create a connector, paste the MCP server URL and choose OAuth.</li>
        <li>Sign in with your work account and choose what ChatGPT may do.</li>
        </ol>
        <p class="note">If your administrator made a client id and secret for ChatGPT, enter them as ChatGPT's user-defined OAuth client.</p>
        <h3>Manus</h3>
        <p>Manus takes a key instead of a sign-in. <a href="#keys">Create an access key</a>, then add a custom MCP server in Manus
        (transport HTTP) with the MCP server URL and the header <code>Authorization: Bearer</code> followed by the key. The page that
        shows the key has the header ready to paste.</p>
        <h3>Claude Code</h3>
        <p>Add the server, then run <code>/mcp</code> in Claude Code and choose to authenticate:</p>
        {Snippet("claude-code-command", "the Claude Code command", ConnectionLines.ClaudeCodeCommand(server.McpResource))}
        <p class="note">With a key instead: create one below; its page shows this command with the key.</p>
        <h3>Codex</h3>
        {Snippet("codex-command", "the Codex command", ConnectionLines.CodexCommand(server.McpResource, withKey: false))}
        <p class="note">Codex then signs in with OAuth. With a key instead: create one below; its page shows the lines.</p>
        <h3>VS Code</h3>
        <p>In <code>.vscode/mcp.json</code> (VS Code signs in with OAuth when it starts the server):</p>
        {Snippet("vscode-json", "the VS Code configuration", ConnectionLines.VsCodeJson(server.McpResource, askForKey: false))}
        </section>
        """;

    /// <summary>What to paste where, with the new key in each line: shown once, on the page that answers the key's creation.</summary>
    public static string ForKey(ServerOptions server, string token) => $"""
        <h2>Paste it into your app</h2>
        <h3>Manus</h3>
        <p><label for="key-mcp-url">Server URL</label></p>
        <p><input type="text" id="key-mcp-url" readonly value="{E(server.McpResource)}"> {CopyButton("key-mcp-url", "the MCP server URL")}</p>
        <p>Header (name <code>Authorization</code>, value <code>Bearer</code> and the key):</p>
        {Snippet("new-key-header", "the header", ConnectionLines.Header(token))}
        <h3>Claude Code</h3>
        {Snippet("new-key-claude-code", "the Claude Code command", ConnectionLines.ClaudeCodeCommand(server.McpResource, token))}
        <h3>Codex</h3>
        <p>Codex reads the key from an environment variable, not from its own file:</p>
        {Snippet("new-key-codex", "the Codex lines", ConnectionLines.CodexKeyExport(token) + "\n" + ConnectionLines.CodexCommand(server.McpResource, withKey: true))}
        <h3>VS Code</h3>
        <p>In <code>.vscode/mcp.json</code>. The key stays out of the file: VS Code asks for it when it first starts the server; paste it there.</p>
        {Snippet("new-key-vscode", "the VS Code configuration", ConnectionLines.VsCodeJson(server.McpResource, askForKey: true))}
        """;
}
