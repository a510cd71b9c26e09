using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// JSON-RPC over Streamable HTTP as a client writes it, in both eras: the initialize era (2025-06-18: initialize, then
/// the <c>MCP-Protocol-Version</c> header on every request) and the per-request era (2026-07-28: no initialize,
/// <c>_meta</c> on every request, <c>Mcp-Method</c>/<c>Mcp-Name</c> headers). Replies are read from JSON or SSE.
/// </summary>
internal static class McpWire
{
    /// <summary>The initialize-era revision Claude, ChatGPT and the 1.x SDKs speak.</summary>
    public const string InitializeEraVersion = "2025-06-18";

    /// <summary>The newest revision this doctor speaks: per-request, stateless.</summary>
    public const string PerRequestVersion = "2026-07-28";

    public const string Initialize = "initialize";
    public const string Initialized = "notifications/initialized";
    public const string Discover = "server/discover";
    public const string ToolsList = "tools/list";
    public const string ToolsCall = "tools/call";

    private const string ProtocolVersionHeader = "MCP-Protocol-Version";
    private const string MethodHeader = "Mcp-Method";
    private const string NameHeader = "Mcp-Name";
    private const string MetaPrefix = "io.modelcontextprotocol/";

    public static JsonObject ClientInfo() => new() { ["name"] = "fmcp-doctor", ["version"] = "1.0" };

    /// <summary>The initialize request a client sends first.</summary>
    public static string InitializeBody(int id) => Body(Initialize, new JsonObject
    {
        ["protocolVersion"] = InitializeEraVersion,
        ["capabilities"] = new JsonObject(),
        ["clientInfo"] = ClientInfo(),
    }, id);

    public static string Body(string method, JsonObject? parameters, int? id)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0" };
        if (id is not null)
            message["id"] = id;
        message["method"] = method;
        if (parameters is not null)
            message["params"] = parameters;
        return message.ToJsonString();
    }

    /// <summary>A 2026-07-28 request's params: the given ones plus the per-request <c>_meta</c>.</summary>
    public static JsonObject WithMeta(JsonObject? parameters)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            [MetaPrefix + "protocolVersion"] = PerRequestVersion,
            [MetaPrefix + "clientCapabilities"] = new JsonObject(),
            [MetaPrefix + "clientInfo"] = ClientInfo(),
        };
        return parameters;
    }

    public static Func<HttpContent> Content(string body) => () => new StringContent(body, Encoding.UTF8, "application/json");

    /// <summary>
    /// The headers of a POST: Accept (both types, as the transport requires), the bearer, the protocol version when
    /// there is one, and the method and name headers when <paramref name="perRequest"/>.
    /// </summary>
    public static Action<HttpRequestHeaders> Headers(string? bearer, string? version, bool perRequest = false, string? method = null, string? name = null) => headers =>
    {
        headers.Accept.ParseAdd("application/json");
        headers.Accept.ParseAdd("text/event-stream");
        if (bearer is not null)
            headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (version is not null)
            headers.Add(ProtocolVersionHeader, version);
        if (perRequest && method is not null)
            headers.Add(MethodHeader, method);
        if (perRequest && name is not null)
            headers.Add(NameHeader, name);
    };

    /// <summary>
    /// The JSON-RPC message answering <paramref name="id"/>, from a JSON body or an SSE stream, or an error with a null id
    /// (what a server answers to a request it could not read); null when there is neither.
    /// </summary>
    public static JsonObject? Reply(HttpAnswer answer, int id)
    {
        IEnumerable<string> candidates = answer.MediaType == "text/event-stream" ? SseData(answer.Body) : [answer.Body];
        JsonObject? anonymousError = null;
        foreach (string data in candidates)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(data) as JsonObject;
            }
            catch (JsonException)
            {
                continue; // Not this one: a reply that never parses is reported as missing.
            }

            if (message?["id"] is JsonValue value && value.TryGetValue(out int replyId) && replyId == id)
                return message;
            if (message is not null && message["id"] is null && message["error"] is JsonObject)
                anonymousError ??= message;
        }

        return anonymousError;
    }

    /// <summary>The data of each event in an SSE body (multi-line data joined with newlines).</summary>
    private static IEnumerable<string> SseData(string body)
    {
        foreach (string block in body.ReplaceLineEndings("\n").Split("\n\n"))
        {
            string[] data = block.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart(' ')).ToArray();
            if (data.Length > 0)
                yield return string.Join('\n', data);
        }
    }
}
