using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Auth;

/// <summary>
/// <c>WWW-Authenticate</c> values for <c>/mcp</c> (RFC 6750 §3, RFC 9728 §5.1, MCP authorization): 401 points the
/// client at the resource metadata; 403 <c>insufficient_scope</c> names the scopes to ask for (step-up).
/// </summary>
internal static class BearerChallenge
{
    public static string ResourceMetadataUrl(ServerOptions server) => server.Issuer + ProtectedResourceMetadataEndpoint.ResourcePath;

    /// <summary>401: no credential (no <c>error</c>, per RFC 6750 §3.1), or an invalid one (<c>invalid_token</c>).</summary>
    public static string Unauthorized(ServerOptions server, string? failure)
    {
        string value = $"Bearer resource_metadata=\"{ResourceMetadataUrl(server)}\", scope=\"{Scopes.Format(Scopes.All)}\"";
        return failure is null ? value : value + $", error=\"invalid_token\", error_description=\"{Quote(failure)}\"";
    }

    /// <summary>403: the credential is valid but lacks <paramref name="required"/>; asks for what it has plus that.</summary>
    public static string InsufficientScope(ServerOptions server, McpPrincipal principal, IEnumerable<string> required)
    {
        string scopes = Scopes.Format(Scopes.Normalize(principal.Scopes.Concat(required)));
        return $"Bearer error=\"insufficient_scope\", scope=\"{scopes}\", resource_metadata=\"{ResourceMetadataUrl(server)}\", " +
            $"error_description=\"This call needs {Quote(string.Join(" ", required))}.\"";
    }

    private static string Quote(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);
}
