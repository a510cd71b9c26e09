namespace FunctionsMcp.OAuth.AccessKeys;

/// <summary>
/// What to paste into each client, wherever the server tells people how to connect (CLI, local run, settings page).
/// With a token, the lines carry that key; without one, they make the client sign in with OAuth instead.
/// </summary>
public static class ConnectionLines
{
    /// <summary>The server's name in clients' configurations.</summary>
    public const string ServerName = "functions-mcp";

    /// <summary>The environment variable Codex reads the key from (it keeps no secret in its own file).</summary>
    public const string CodexKeyVariable = "FUNCTIONS_MCP_KEY";

    /// <summary>The header a client that takes a pasted header (Manus) sends.</summary>
    public static string Header(string token) => $"Authorization: Bearer {token}";

    /// <summary><c>claude mcp add</c>, with the key as a header, or without one (Claude Code then signs in).</summary>
    public static string ClaudeCodeCommand(string mcpUrl, string? token = null) =>
        $"claude mcp add --transport http {ServerName} {mcpUrl}" + (token is null ? string.Empty : $" --header \"{Header(token)}\"");

    /// <summary><c>codex mcp add</c>: with a key, Codex reads it from <see cref="CodexKeyVariable"/>; without, it signs in.</summary>
    public static string CodexCommand(string mcpUrl, bool withKey) =>
        $"codex mcp add {ServerName} --url {mcpUrl}" + (withKey ? $" --bearer-token-env-var {CodexKeyVariable}" : string.Empty);

    /// <summary>The shell line that puts the key where Codex reads it.</summary>
    public static string CodexKeyExport(string token) => $"export {CodexKeyVariable}={token}";

    /// <summary>
    /// A VS Code <c>mcp.json</c>. With <paramref name="askForKey"/>, VS Code asks for the key (a password prompt) when it
    /// starts the server, so the key is never written into the file; without, VS Code signs in with OAuth.
    /// </summary>
    public static string VsCodeJson(string mcpUrl, bool askForKey) => askForKey
        ? $$"""
            {
              "inputs": [
                { "type": "promptString", "id": "{{ServerName}}-key", "description": "FunctionsMcp access key", "password": true }
              ],
              "servers": {
                "{{ServerName}}": {
                  "type": "http",
                  "url": "{{mcpUrl}}",
                  "headers": { "Authorization": "Bearer ${input:{{ServerName}}-key}" }
                }
              }
            }
            """
        : $$"""
            {
              "servers": {
                "{{ServerName}}": { "type": "http", "url": "{{mcpUrl}}" }
              }
            }
            """;

    /// <summary>The Manus header, labelled, as the CLI and the local run print it.</summary>
    public static string ManusHeader(string token) => $"Manus header: {Header(token)}";

    /// <summary>The Claude Code line, labelled, as the CLI and the local run print it.</summary>
    public static string ClaudeCode(string mcpUrl, string token) => $"Claude Code:  {ClaudeCodeCommand(mcpUrl, token)}";
}
