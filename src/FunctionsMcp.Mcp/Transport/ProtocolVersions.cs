namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// The MCP revisions this endpoint serves and the HTTP headers they use. The SDK's own constants
/// (<c>McpProtocolVersions</c>, <c>McpHttpHeaders</c>) are still internal in 2.4.0, so the endpoint keeps its own.
/// </summary>
internal static class ProtocolVersions
{
    /// <summary>The stateless revision: no initialize, per-request <c>_meta</c>, <c>Mcp-Method</c>/<c>Mcp-Name</c> headers.</summary>
    public const string Modern = "2026-07-28";

    /// <summary>What a request without <c>MCP-Protocol-Version</c> is taken to speak (2025-06-18 transports §"Protocol Version Header").</summary>
    public const string AssumedWhenMissing = "2025-03-26";

    /// <summary>The newest revision that begins with <c>initialize</c>: what negotiation offers a client asking for one we do not speak.</summary>
    public const string NewestInitialize = "2025-11-25";

    /// <summary>The revisions a client reaches through <c>initialize</c>.</summary>
    public static readonly IReadOnlyList<string> InitializeEra = ["2024-11-05", "2025-03-26", "2025-06-18", NewestInitialize];

    public static readonly IReadOnlyList<string> Supported = [.. InitializeEra, Modern];

    public static bool IsSupported(string version) => Supported.Contains(version, StringComparer.Ordinal);

    public static bool IsInitializeEra(string version) => InitializeEra.Contains(version, StringComparer.Ordinal);

    public static bool IsModern(string? version) => version is { Length: > 0 } && string.CompareOrdinal(version, Modern) >= 0;
}

/// <summary>Header names of the Streamable HTTP transport.</summary>
internal static class McpHeaders
{
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";
    public const string Name = "Mcp-Name";
    public const string SessionId = "Mcp-Session-Id";
}

/// <summary>JSON-RPC and MCP error codes the endpoint itself answers with.</summary>
internal static class JsonRpcCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>Transport-level refusals (401, 403, 405, 406, 413, 429) carry this server-error code.</summary>
    public const int ServerError = -32000;
    public const int HeaderMismatch = -32020;
    public const int MissingRequiredClientCapability = -32021;
    public const int UnsupportedProtocolVersion = -32022;
}
