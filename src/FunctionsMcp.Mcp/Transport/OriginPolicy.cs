using FunctionsMcp.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// DNS-rebinding protection (Streamable HTTP "Security Warning"; 2025-11-25: an invalid Origin MUST get 403).
/// Allowed: no Origin (non-browser clients), our own public origin, origins listed in <c>Mcp:AllowedOrigins</c>,
/// and loopback origins when the server itself runs on loopback (local development and tests).
/// </summary>
internal sealed class OriginPolicy(IOptions<ServerOptions> server, IOptions<McpEndpointOptions> endpoint)
{
    public bool IsAllowed(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
            return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri))
            return false;

        Uri self = server.Value.PublicBaseUri;
        if (SameOrigin(uri, self))
            return true;
        if (self.IsLoopback && uri.IsLoopback)
            return true;
        return endpoint.Value.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out Uri? a) && SameOrigin(uri, a));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
