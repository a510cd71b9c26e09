namespace FunctionsMcp.OAuth.Authorization;

/// <summary>
/// The <c>resource</c> parameter (RFC 8707). Clients send our <c>/mcp</c> URL in several forms (with a trailing slash,
/// or only the origin); each maps to the one canonical resource tokens are issued for. Anything else is refused.
/// </summary>
public static class ResourceIndicator
{
    /// <summary>True when <paramref name="resource"/> is absent or names <paramref name="server"/>'s MCP endpoint.</summary>
    public static bool IsOurs(string? resource, ServerOptions server)
    {
        if (string.IsNullOrEmpty(resource))
            return true;
        if (!Uri.TryCreate(resource, UriKind.Absolute, out Uri? given) || !string.IsNullOrEmpty(given.Fragment) || !string.IsNullOrEmpty(given.Query))
            return false;
        Uri ours = new(server.McpResource);
        if (Uri.Compare(given, ours, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            return false;
        string path = given.AbsolutePath.TrimEnd('/');
        return path.Length == 0 || path == ours.AbsolutePath;
    }
}
