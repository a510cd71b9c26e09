using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// The current request's principal, for tools (injected as a parameter). Set by the endpoint before the
/// server runs; it is the only place a tool learns the organization from.
/// </summary>
public sealed class McpCallContext
{
    private McpPrincipal? _principal;

    public McpPrincipal Principal
    {
        get => _principal ?? throw new InvalidOperationException("No principal: the /mcp endpoint sets it before any tool runs.");
        internal set => _principal = value;
    }
}
