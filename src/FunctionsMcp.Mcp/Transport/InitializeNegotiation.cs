using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// Version negotiation in <c>initialize</c> (2025-11-25 <c>basic/lifecycle</c>, "Version Negotiation"): a server that
/// supports the requested version answers with it; otherwise it answers with another version it supports, and the
/// client decides whether to go on. The SDK already does that for older unknown versions but refuses later ones
/// (a future date, or 2026-07-28, which has no initialize) with -32022, so every version initialize cannot give is
/// replaced by our newest initialize-era version before the SDK sees the request.
/// </summary>
internal static class InitializeNegotiation
{
    public const string VersionProperty = "protocolVersion";

    /// <summary>The version an initialize request asks for, if it names one as a string.</summary>
    public static string? Requested(McpPost post) =>
        post.Method == RequestMethods.Initialize && post.Params?[VersionProperty] is JsonValue value && value.TryGetValue(out string? version) ? version : null;

    public static void Apply(McpPost post)
    {
        if (Requested(post) is { } requested && !ProtocolVersions.IsInitializeEra(requested))
            post.Params![VersionProperty] = ProtocolVersions.NewestInitialize;
    }
}
