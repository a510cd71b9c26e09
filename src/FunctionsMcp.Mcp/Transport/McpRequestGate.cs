using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>A check every authenticated request passes before it is served (rate limits).</summary>
internal interface IMcpRequestGate
{
    /// <summary>Null to let the request through; otherwise the refusal (the gate may also set response headers).</summary>
    Task<McpRejection?> CheckAsync(HttpContext context, McpPrincipal principal, CancellationToken cancellationToken);
}
