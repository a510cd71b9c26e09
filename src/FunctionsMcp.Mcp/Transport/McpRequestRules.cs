using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>A parsed POST body and what the headers say about it.</summary>
/// <param name="Message">The single JSON-RPC message.</param>
/// <param name="Method">Its method (null for a response).</param>
/// <param name="Params">Its params object, if any.</param>
/// <param name="ProtocolVersion">The <c>MCP-Protocol-Version</c> header, or null when absent.</param>
/// <param name="ToolName">For <c>tools/call</c>, the tool's name.</param>
internal sealed record McpPost(JsonRpcMessage Message, string? Method, JsonObject? Params, string? ProtocolVersion, string? ToolName)
{
    public RequestId Id => Message is JsonRpcRequest request ? request.Id : default;

    public bool IsModern => ProtocolVersions.IsModern(ProtocolVersion);
}

/// <summary>
/// The Streamable HTTP rules the SDK's ASP.NET Core handler would enforce and Core does not (see
/// 2025-06-18 and 2026-07-28 <c>basic/transports</c>): Accept, body shape, the protocol-version header, and in
/// the 2026-07-28 era the agreement of <c>Mcp-Method</c>/<c>Mcp-Name</c> and <c>_meta</c> with the body.
/// Each rule returns a rejection instead of throwing.
/// </summary>
internal static class McpRequestRules
{
    /// <summary>406 unless the client accepts both JSON and SSE.</summary>
    public static McpRejection? CheckAccept(HttpRequest request)
    {
        IList<Microsoft.Net.Http.Headers.MediaTypeHeaderValue> accept = request.GetTypedHeaders().Accept;
        bool json = accept.Any(a => a.MatchesMediaType("application/json"));
        bool sse = accept.Any(a => a.MatchesMediaType("text/event-stream"));
        return json && sse
            ? null
            : new McpRejection(StatusCodes.Status406NotAcceptable, JsonRpcCodes.ServerError,
                "Not Acceptable: the client must accept both application/json and text/event-stream.");
    }

    /// <summary>Parses one JSON-RPC message; batches and malformed JSON are refused with 400.</summary>
    public static (McpPost? Post, McpRejection? Rejection) Parse(byte[] body, HttpRequest request)
    {
        (JsonNode? node, McpRejection? unreadable) = JsonRpcBody.Parse(body);
        if (unreadable is not null)
            return (null, unreadable);

        string? version = request.Headers[McpHeaders.ProtocolVersion].ToString() is { Length: > 0 } v ? v.Trim() : null;
        return Describe(node, version);
    }

    /// <summary>One JSON-RPC message (alone, or an item of a batch) and what it asks for.</summary>
    public static (McpPost? Post, McpRejection? Rejection) Describe(JsonNode? node, string? version)
    {
        if (node is JsonObject { } fields && fields["id"] is { } id && !IsRequestId(id))
            return (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidRequest, "Invalid Request: the id must be a string or an integer."));

        JsonRpcMessage? message;
        try
        {
            message = node?.Deserialize(JsonRpcHttp.MessageType);
        }
        catch (JsonException ex)
        {
            return (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidRequest, $"Invalid Request: {FirstSentence(ex.Message)}"));
        }

        if (message is null)
            return (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidRequest, "Invalid Request: the body is empty."));

        string? method = (message as JsonRpcRequest)?.Method ?? (message as JsonRpcNotification)?.Method;
        JsonObject? parameters = ((message as JsonRpcRequest)?.Params ?? (message as JsonRpcNotification)?.Params) as JsonObject;
        string? tool = method == RequestMethods.ToolsCall && parameters?["name"] is JsonValue name && name.TryGetValue(out string? n) ? n : null;
        return (new McpPost(message, method, parameters, version, tool), null);
    }

    /// <summary>
    /// The header rules, then the shape of the params. A 2026-07-28 initialize is left unread: the SDK refuses it, like
    /// the era's other removed methods (ping, logging/setLevel, resources/subscribe and /unsubscribe), with -32601,
    /// which the endpoint answers as 404; reading its params first would call a removed method malformed.
    /// </summary>
    public static McpRejection? Check(McpPost post, HttpRequest request) =>
        CheckHeaders(post, request)
        ?? (post.IsModern && post.Method == RequestMethods.Initialize
            ? null
            : McpParamsRules.Check(post.Method, (post.Message as JsonRpcRequest)?.Params ?? (post.Message as JsonRpcNotification)?.Params));

    /// <summary>JSON-RPC ids are strings or integers (the SDK's <see cref="RequestId"/> holds a long).</summary>
    private static bool IsRequestId(JsonNode id) =>
        id is JsonValue value && (value.GetValueKind() == JsonValueKind.String || value.TryGetValue(out long _));

    /// <summary>The protocol-version and 2026-07-28 header rules.</summary>
    private static McpRejection? CheckHeaders(McpPost post, HttpRequest request)
    {
        string? version = post.ProtocolVersion;
        // Kept over SDK 2.4.0: its -32022 lists every version in data, and after a 2025-era-looking header it answers 200.
        if (version is not null && !ProtocolVersions.IsSupported(version))
        {
            return new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.UnsupportedProtocolVersion,
                $"Bad Request: MCP-Protocol-Version '{version}' is not supported; use one of {string.Join(", ", ProtocolVersions.Supported)}.",
                // data.supported matches server/discover's supportedVersions (the per-request revisions); the 2025-era
                // versions are reached through initialize, and the message names them all.
                new JsonObject { ["supported"] = new JsonArray(ProtocolVersions.Modern), ["requested"] = version });
        }

        JsonObject? meta = post.Params?["_meta"] as JsonObject;
        string? metaVersion = meta?[MetaKeys.ProtocolVersion] is JsonValue mv && mv.TryGetValue(out string? s) ? s : null;
        if (post.IsModern || ProtocolVersions.IsModern(metaVersion))
            return CheckModern(post, request, version, meta, metaVersion);

        // Kept: the SDK never compares this header with initialize's params. A version initialize cannot give is no
        // conflict with the header: negotiation answers it (InitializeNegotiation).
        if (post.Method == RequestMethods.Initialize && version is not null
            && InitializeNegotiation.Requested(post) is { } requested && requested != version && ProtocolVersions.IsInitializeEra(requested))
        {
            return Mismatch($"MCP-Protocol-Version '{version}' does not match params.protocolVersion '{requested}'.");
        }

        // Kept: SDK Core never sees HTTP headers; only its ASP.NET Core handler (MapMcp) refuses this one.
        if (request.Headers.ContainsKey(McpHeaders.SessionId))
        {
            return new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.ServerError,
                "Bad Request: this server is stateless and issues no sessions; do not send Mcp-Session-Id.");
        }

        return null;
    }

    private static McpRejection? CheckModern(McpPost post, HttpRequest request, string? version, JsonObject? meta, string? metaVersion)
    {
        bool isRequest = post.Message is JsonRpcRequest;
        string? nameProperty = post.Method switch
        {
            "tools/call" or "prompts/get" => "name",
            "resources/read" => "uri",
            _ => null,
        };
        string headerMethod = request.Headers[McpHeaders.Method].ToString().Trim();
        string headerName = request.Headers[McpHeaders.Name].ToString().Trim();

        // Kept over SDK 2.4.0: it serves 2026 _meta without the header, lets a 2025-era header with 2026 _meta through as
        // 2025, and answers its own -32602s with 200 (the endpoint maps only -32601/-32020/-32021/-32022 to 4xx).
        if (version is null)
            return Mismatch("The MCP-Protocol-Version header is required when _meta declares a per-request protocol version.");
        if (metaVersion is null && isRequest)
            return InvalidParams($"Requests using protocol version '{version}' must include _meta/{MetaKeys.ProtocolVersion}.");
        if (metaVersion is not null && metaVersion != version)
            return Mismatch($"MCP-Protocol-Version header '{version}' does not match _meta protocol version '{metaVersion}'.");
        // Kept: SDK Core never sees Mcp-Method/Mcp-Name; only its ASP.NET Core handler, which a function cannot use, checks them.
        if (headerMethod.Length == 0)
            return Mismatch("The Mcp-Method header is required.");
        if (headerMethod != post.Method)
            return Mismatch($"The Mcp-Method header '{headerMethod}' does not match the body's method '{post.Method}'.");
        if (nameProperty is not null)
        {
            if (headerName.Length == 0)
                return Mismatch("The Mcp-Name header is required for this method.");
            string? bodyName = post.Params?[nameProperty] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (McpHeaderEncoder.DecodeValue(headerName) != bodyName)
                return Mismatch($"The Mcp-Name header does not match the body's {nameProperty}.");
        }

        if (isRequest && meta?[MetaKeys.ClientCapabilities] is not JsonObject)
            return InvalidParams($"Requests using protocol version '{version}' must include _meta/{MetaKeys.ClientCapabilities} as an object.");
        if (meta?[MetaKeys.ClientInfo] is { } info && info is not JsonObject)
            return InvalidParams($"_meta/{MetaKeys.ClientInfo} must be an object with name and version.");

        return null;
    }

    private static McpRejection Mismatch(string message) => new(StatusCodes.Status400BadRequest, JsonRpcCodes.HeaderMismatch, message);

    private static McpRejection InvalidParams(string message) => new(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidParams, message);

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
