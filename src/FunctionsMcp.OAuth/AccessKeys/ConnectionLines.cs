namespace FunctionsMcp.OAuth.AccessKeys;

/// <summary>The lines to paste into clients that take a header, printed wherever a key is shown (CLI, local run).</summary>
public static class ConnectionLines
{
    public static string ManusHeader(string token) => $"Manus header: Authorization: Bearer {token}";

    public static string ClaudeCode(string mcpUrl, string token) =>
        $"Claude Code:  claude mcp add --transport http functions-mcp {mcpUrl} --header \"Authorization: Bearer {token}\"";
}
